package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fleetloop.api.common.FleetloopStatus;

/** Observed state of a DataTrigger. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataTriggerStatus extends FleetloopStatus {

  /** True when the condition compiled; False with the CEL error and its position. */
  public static final String COMPILED = "Compiled";

  /** True when every targeted device runs the current version of the trigger. */
  public static final String DISTRIBUTED = "Distributed";

  /** Reason of Compiled/Ready=True: the condition compiled (CEL, evaluates to bool). */
  public static final String REASON_COMPILED = "Compiled";

  /**
   * Reason of Compiled/Ready=False: the condition does not compile; the message has line:column.
   */
  public static final String REASON_COMPILE_ERROR = "CompileError";

  /** Reason of Distributed=Unknown: the operator has no release channel endpoint configured. */
  public static final String REASON_NO_RELEASE_CHANNEL = "NoReleaseChannel";

  /** Reason of Distributed=Unknown: the release channel did not answer. */
  public static final String REASON_RELEASE_CHANNEL_UNAVAILABLE = "ReleaseChannelUnavailable";

  /** Reason of Distributed=False: the condition does not compile, so no device gets it. */
  public static final String REASON_NOT_COMPILED = "NotCompiled";

  /** Reason of Distributed=False: the generation runs on its canary slice, under observation. */
  public static final String REASON_CANARY = "Canary";

  /** Reason of Distributed=False: the canary exceeds the trigger's budget; it is not promoted. */
  public static final String REASON_CANARY_OVER_BUDGET = "CanaryOverBudget";

  /** Reason of Distributed=True: the generation was promoted to every targeted device. */
  public static final String REASON_DEPLOYED = "Deployed";

  @JsonPropertyDescription("Targeted and active devices.")
  private DeviceCounts devices;

  @JsonPropertyDescription("Times the condition fired on devices (before sampling and budgets).")
  private Long firings;

  @JsonPropertyDescription("Clips and bytes uploaded.")
  private UploadCounts uploads;

  @JsonPropertyDescription("Share of uploaded clips that entered a dataset snapshot.")
  private Double usefulness;

  @JsonPropertyDescription(
      "Canary rollout of the current generation: phase, generation, percent served, since.")
  private DataTriggerRolloutStatus rollout;

  public DataTriggerRolloutStatus getRollout() {
    return rollout;
  }

  public void setRollout(DataTriggerRolloutStatus rollout) {
    this.rollout = rollout;
  }

  /** Fluent setter, for fixtures and builders. */
  public DataTriggerStatus withRollout(DataTriggerRolloutStatus rollout) {
    this.rollout = rollout;
    return this;
  }

  public DeviceCounts getDevices() {
    return devices;
  }

  public void setDevices(DeviceCounts devices) {
    this.devices = devices;
  }

  /** Fluent setter, for fixtures and builders. */
  public DataTriggerStatus withDevices(DeviceCounts devices) {
    this.devices = devices;
    return this;
  }

  public Long getFirings() {
    return firings;
  }

  public void setFirings(Long firings) {
    this.firings = firings;
  }

  /** Fluent setter, for fixtures and builders. */
  public DataTriggerStatus withFirings(Long firings) {
    this.firings = firings;
    return this;
  }

  public UploadCounts getUploads() {
    return uploads;
  }

  public void setUploads(UploadCounts uploads) {
    this.uploads = uploads;
  }

  /** Fluent setter, for fixtures and builders. */
  public DataTriggerStatus withUploads(UploadCounts uploads) {
    this.uploads = uploads;
    return this;
  }

  public Double getUsefulness() {
    return usefulness;
  }

  public void setUsefulness(Double usefulness) {
    this.usefulness = usefulness;
  }

  /** Fluent setter, for fixtures and builders. */
  public DataTriggerStatus withUsefulness(Double usefulness) {
    this.usefulness = usefulness;
    return this;
  }
}
