package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Per-device daily upload budget. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataTriggerBudget {
  @Min(1)
  @Max(100000)
  @Default("20")
  @JsonPropertyDescription("Most clips one device uploads per day for this trigger.")
  private Integer clipsPerDevicePerDay = 20;

  @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$")
  @Default("64Mi")
  @JsonPropertyDescription(
      "Most bytes one device uploads per day for this trigger, a quantity such as 64Mi.")
  private String bytesPerDevicePerDay = "64Mi";

  public Integer getClipsPerDevicePerDay() {
    return clipsPerDevicePerDay;
  }

  public void setClipsPerDevicePerDay(Integer clipsPerDevicePerDay) {
    this.clipsPerDevicePerDay = clipsPerDevicePerDay;
  }

  /** Fluent setter, for fixtures and builders. */
  public DataTriggerBudget withClipsPerDevicePerDay(Integer clipsPerDevicePerDay) {
    this.clipsPerDevicePerDay = clipsPerDevicePerDay;
    return this;
  }

  public String getBytesPerDevicePerDay() {
    return bytesPerDevicePerDay;
  }

  public void setBytesPerDevicePerDay(String bytesPerDevicePerDay) {
    this.bytesPerDevicePerDay = bytesPerDevicePerDay;
  }

  /** Fluent setter, for fixtures and builders. */
  public DataTriggerBudget withBytesPerDevicePerDay(String bytesPerDevicePerDay) {
    this.bytesPerDevicePerDay = bytesPerDevicePerDay;
    return this;
  }
}
