package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fleetloop.api.common.FleetloopStatus;
import java.util.List;

/** Observed state of a FleetRelease. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FleetReleaseStatus extends FleetloopStatus {

  /** The rollout is moving through its stages. */
  public static final String PROGRESSING = "Progressing";

  /** spec.paused holds the rollout. */
  public static final String PAUSED = "Paused";

  /** The candidate was rolled back; the reason names the rule and the measured values. */
  public static final String ROLLED_BACK = "RolledBack";

  /** The rollout is frozen where rollback would be unsafe. */
  public static final String FROZEN = "Frozen";

  /** Whether the {@code fleetloop.io/action} annotation was accepted (False with the reason). */
  public static final String ACTION_ACCEPTED = "ActionAccepted";

  /** Reason of ActionAccepted=False: the annotation names no known verb. */
  public static final String REASON_UNKNOWN_ACTION = "UnknownAction";

  /** Reason of ActionAccepted=False: the verb is known but its controller is not there yet. */
  public static final String REASON_ACTION_NOT_AVAILABLE = "ActionNotAvailable";

  /** Reason of Progressing=False: no rollout controller runs the stages yet. */
  public static final String REASON_NO_ROLLOUT_CONTROLLER = "NoRolloutController";

  /** Reason of Progressing=Unknown: no release channel configured, nothing measures the fleet. */
  public static final String REASON_NO_RELEASE_CHANNEL = "NoReleaseChannel";

  /** Reason of Progressing=Unknown: the release channel did not answer. */
  public static final String REASON_RELEASE_CHANNEL_UNAVAILABLE = "ReleaseChannelUnavailable";

  /** Reason of Ready=False: the artifact in the object store does not have spec.model.digest. */
  public static final String REASON_DIGEST_MISMATCH = "DigestMismatch";

  /** Reason of Ready=False: spec.model.artifact does not exist in the object store. */
  public static final String REASON_ARTIFACT_MISSING = "ArtifactMissing";

  /** Reason of ActionAccepted=False: the annotation names more than one verb. */
  public static final String REASON_CONFLICTING_ACTIONS = "ConflictingActions";

  /** Reason of ActionAccepted=False: the verb does not apply in the current state. */
  public static final String REASON_ACTION_NOT_APPLICABLE = "ActionNotApplicable";

  /** Reason of ActionAccepted=True: the verb was carried out. */
  public static final String REASON_ACTION_DONE = "ActionDone";

  @JsonPropertyDescription("Version the fleet falls back to.")
  private String stableVersion;

  @JsonPropertyDescription("Version being rolled out.")
  private String candidateVersion;

  @JsonPropertyDescription("Index into spec.stages (-1 during the shadow phase).")
  private Integer currentStage;

  @JsonPropertyDescription("Devices on each version.")
  private ReleaseDevices devices;

  @JsonPropertyDescription("Measured values and verdict per stage.")
  private List<StageAnalysis> analysis;

  @JsonPropertyDescription("Past generations and their outcome.")
  private List<GenerationRecord> history;

  @JsonPropertyDescription(
      "The rollout state machine's memory: phase, stage start, baseline readings, sequential test.")
  private FleetReleaseRollout rollout;

  @JsonPropertyDescription(
      "The closed loop: the newest generation it started and what it waits for (loop controller).")
  private LoopStatus loop;

  public LoopStatus getLoop() {
    return loop;
  }

  public void setLoop(LoopStatus loop) {
    this.loop = loop;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseStatus withLoop(LoopStatus loop) {
    this.loop = loop;
    return this;
  }

  public FleetReleaseRollout getRollout() {
    return rollout;
  }

  public void setRollout(FleetReleaseRollout rollout) {
    this.rollout = rollout;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseStatus withRollout(FleetReleaseRollout rollout) {
    this.rollout = rollout;
    return this;
  }

  public String getStableVersion() {
    return stableVersion;
  }

  public void setStableVersion(String stableVersion) {
    this.stableVersion = stableVersion;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseStatus withStableVersion(String stableVersion) {
    this.stableVersion = stableVersion;
    return this;
  }

  public String getCandidateVersion() {
    return candidateVersion;
  }

  public void setCandidateVersion(String candidateVersion) {
    this.candidateVersion = candidateVersion;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseStatus withCandidateVersion(String candidateVersion) {
    this.candidateVersion = candidateVersion;
    return this;
  }

  public Integer getCurrentStage() {
    return currentStage;
  }

  public void setCurrentStage(Integer currentStage) {
    this.currentStage = currentStage;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseStatus withCurrentStage(Integer currentStage) {
    this.currentStage = currentStage;
    return this;
  }

  public ReleaseDevices getDevices() {
    return devices;
  }

  public void setDevices(ReleaseDevices devices) {
    this.devices = devices;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseStatus withDevices(ReleaseDevices devices) {
    this.devices = devices;
    return this;
  }

  public List<StageAnalysis> getAnalysis() {
    return analysis;
  }

  public void setAnalysis(List<StageAnalysis> analysis) {
    this.analysis = analysis;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseStatus withAnalysis(List<StageAnalysis> analysis) {
    this.analysis = analysis;
    return this;
  }

  public List<GenerationRecord> getHistory() {
    return history;
  }

  public void setHistory(List<GenerationRecord> history) {
    this.history = history;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseStatus withHistory(List<GenerationRecord> history) {
    this.history = history;
    return this;
  }
}
