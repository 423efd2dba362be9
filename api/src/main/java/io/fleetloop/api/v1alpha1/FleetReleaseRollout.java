package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The rollout state machine's memory (ADR 0008): machine state shared by the operator, which writes
 * it, and the release channel, which reads {@code phase}, {@code version} and {@code stable} to
 * decide what each device runs. Users read the conditions, {@code currentStage} and {@code
 * analysis[]}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FleetReleaseRollout {
  /** No candidate: the fleet runs the stable version. */
  public static final String STABLE = "Stable";

  /** The candidate rides along on devices and never drives. */
  public static final String SHADOW = "Shadow";

  /** The candidate drives on the current stage's share of the fleet. */
  public static final String CANARY = "Canary";

  /** The candidate was withdrawn; the fleet runs the stable version. */
  public static final String ROLLED_BACK = "RolledBack";

  /** The rollout is held where it is (onUnsafe: Freeze, or no automatic rollback). */
  public static final String FROZEN = "Frozen";

  @JsonPropertyDescription(
      "Stable, Shadow, Canary, RolledBack or Frozen: where the rollout state machine is (the conditions say it in words).")
  private String phase;

  @JsonPropertyDescription(
      "The candidate version this rollout is about (kept after a rollback, so the same version is not rolled out again without a retry).")
  private String version;

  @JsonPropertyDescription(
      "The stable model's artifact and digest, served to devices outside the candidate's slice.")
  private ReleaseModel stable;

  @JsonPropertyDescription("The stable model before the last promotion, what undo returns to.")
  private ReleaseModel previous;

  @JsonPropertyDescription("RFC 3339: when the current stage (or the shadow phase) started.")
  private String stageStartedAt;

  @JsonPropertyDescription(
      "Cumulative exposure readings when the current stage started; the stage's window is the reading now minus these.")
  private java.util.List<FleetReleaseExposure> baseline;

  @JsonPropertyDescription(
      "JSON of the release-wide sequential test (libs/stats SequentialState), resumed after a restart.")
  private String sequentialTest;

  @JsonPropertyDescription(
      "JSON of the shadow phase's own sequential test (would-be interventions).")
  private String shadowTest;

  @JsonPropertyDescription(
      "The fleetloop.io/action value already carried out; remove the annotation to re-arm it.")
  private String handledAction;

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseRollout withPhase(String phase) {
    this.phase = phase;
    return this;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseRollout withVersion(String version) {
    this.version = version;
    return this;
  }

  public ReleaseModel getStable() {
    return stable;
  }

  public void setStable(ReleaseModel stable) {
    this.stable = stable;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseRollout withStable(ReleaseModel stable) {
    this.stable = stable;
    return this;
  }

  public ReleaseModel getPrevious() {
    return previous;
  }

  public void setPrevious(ReleaseModel previous) {
    this.previous = previous;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseRollout withPrevious(ReleaseModel previous) {
    this.previous = previous;
    return this;
  }

  public String getStageStartedAt() {
    return stageStartedAt;
  }

  public void setStageStartedAt(String stageStartedAt) {
    this.stageStartedAt = stageStartedAt;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseRollout withStageStartedAt(String stageStartedAt) {
    this.stageStartedAt = stageStartedAt;
    return this;
  }

  public java.util.List<FleetReleaseExposure> getBaseline() {
    return baseline;
  }

  public void setBaseline(java.util.List<FleetReleaseExposure> baseline) {
    this.baseline = baseline;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseRollout withBaseline(java.util.List<FleetReleaseExposure> baseline) {
    this.baseline = baseline;
    return this;
  }

  public String getSequentialTest() {
    return sequentialTest;
  }

  public void setSequentialTest(String sequentialTest) {
    this.sequentialTest = sequentialTest;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseRollout withSequentialTest(String sequentialTest) {
    this.sequentialTest = sequentialTest;
    return this;
  }

  public String getShadowTest() {
    return shadowTest;
  }

  public void setShadowTest(String shadowTest) {
    this.shadowTest = shadowTest;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseRollout withShadowTest(String shadowTest) {
    this.shadowTest = shadowTest;
    return this;
  }

  public String getHandledAction() {
    return handledAction;
  }

  public void setHandledAction(String handledAction) {
    this.handledAction = handledAction;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseRollout withHandledAction(String handledAction) {
    this.handledAction = handledAction;
    return this;
  }
}
