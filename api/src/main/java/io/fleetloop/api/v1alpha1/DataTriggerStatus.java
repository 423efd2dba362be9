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

  @JsonPropertyDescription("Targeted and active devices.")
  private DeviceCounts devices;

  @JsonPropertyDescription("Times the condition fired on devices (before sampling and budgets).")
  private Long firings;

  @JsonPropertyDescription("Clips and bytes uploaded.")
  private UploadCounts uploads;

  @JsonPropertyDescription("Share of uploaded clips that entered a dataset snapshot.")
  private Double usefulness;

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
