package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * What the loop controller did and why it waits: {@code status.loop} of a FleetRelease with {@code
 * spec.loop}. Written by the loop controller only (a JSON merge patch of this object), so it never
 * races the rollout's own status fields; see docs/loop-controller.md and decision 0010.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LoopStatus {

  /** Reason: a generation's TrainingRun is not finished yet. */
  public static final String REASON_GENERATION_IN_PROGRESS = "GenerationInProgress";

  /** Reason: the release is rolling out a candidate; the next generation waits for the outcome. */
  public static final String REASON_ROLLOUT_IN_PROGRESS = "RolloutInProgress";

  /** Reason: fewer new labelled samples than {@code spec.loop.retrainWhenNewSamples}. */
  public static final String REASON_WAITING_FOR_SAMPLES = "WaitingForSamples";

  /** Reason: the curator could not be asked how many samples are pending. */
  public static final String REASON_CURATOR_UNAVAILABLE = "CuratorUnavailable";

  /** Reason: the loop created the TrainingRun of a new generation. */
  public static final String REASON_GENERATION_STARTED = "GenerationStarted";

  /** Reason: the loop is not set up (no template, or no trigger to count samples of). */
  public static final String REASON_NOT_CONFIGURED = "LoopNotConfigured";

  @JsonPropertyDescription("The newest generation the loop created (1 for <release>-g1).")
  private Integer generation;

  @JsonPropertyDescription("Name of the newest generation's TrainingRun.")
  private String lastRun;

  @JsonPropertyDescription(
      "What the loop waits for, in words (e.g. '1,234 of 5,000 new samples'); absent when it"
          + " does not wait.")
  private String waitingFor;

  @JsonPropertyDescription("CamelCase reason of the loop's last decision.")
  private String reason;

  @JsonPropertyDescription("New labelled samples pending for the next generation at the last look.")
  private Long pendingSamples;

  @JsonPropertyDescription("The condition the <release>-focus DataTrigger targets, if any.")
  private String focusCondition;

  @JsonPropertyDescription("The stable version the focus was chosen from.")
  private String focusVersion;

  @JsonPropertyDescription("RFC 3339 time of the loop's last decision change.")
  private String lastTransitionTime;

  public Integer getGeneration() {
    return generation;
  }

  public void setGeneration(Integer generation) {
    this.generation = generation;
  }

  /** Fluent setter, for fixtures and builders. */
  public LoopStatus withGeneration(Integer generation) {
    this.generation = generation;
    return this;
  }

  public String getLastRun() {
    return lastRun;
  }

  public void setLastRun(String lastRun) {
    this.lastRun = lastRun;
  }

  /** Fluent setter, for fixtures and builders. */
  public LoopStatus withLastRun(String lastRun) {
    this.lastRun = lastRun;
    return this;
  }

  public String getWaitingFor() {
    return waitingFor;
  }

  public void setWaitingFor(String waitingFor) {
    this.waitingFor = waitingFor;
  }

  /** Fluent setter, for fixtures and builders. */
  public LoopStatus withWaitingFor(String waitingFor) {
    this.waitingFor = waitingFor;
    return this;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  /** Fluent setter, for fixtures and builders. */
  public LoopStatus withReason(String reason) {
    this.reason = reason;
    return this;
  }

  public Long getPendingSamples() {
    return pendingSamples;
  }

  public void setPendingSamples(Long pendingSamples) {
    this.pendingSamples = pendingSamples;
  }

  /** Fluent setter, for fixtures and builders. */
  public LoopStatus withPendingSamples(Long pendingSamples) {
    this.pendingSamples = pendingSamples;
    return this;
  }

  public String getFocusCondition() {
    return focusCondition;
  }

  public void setFocusCondition(String focusCondition) {
    this.focusCondition = focusCondition;
  }

  /** Fluent setter, for fixtures and builders. */
  public LoopStatus withFocusCondition(String focusCondition) {
    this.focusCondition = focusCondition;
    return this;
  }

  public String getFocusVersion() {
    return focusVersion;
  }

  public void setFocusVersion(String focusVersion) {
    this.focusVersion = focusVersion;
  }

  /** Fluent setter, for fixtures and builders. */
  public LoopStatus withFocusVersion(String focusVersion) {
    this.focusVersion = focusVersion;
    return this;
  }

  public String getLastTransitionTime() {
    return lastTransitionTime;
  }

  public void setLastTransitionTime(String lastTransitionTime) {
    this.lastTransitionTime = lastTransitionTime;
  }

  /** Fluent setter, for fixtures and builders. */
  public LoopStatus withLastTransitionTime(String lastTransitionTime) {
    this.lastTransitionTime = lastTransitionTime;
    return this;
  }
}
