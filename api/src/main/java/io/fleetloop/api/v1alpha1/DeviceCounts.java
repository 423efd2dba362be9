package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How many devices a trigger targets and how many run it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeviceCounts {
  @JsonPropertyDescription("Devices known to the release channel that fleetSelector matches.")
  private Long targeted;

  @JsonPropertyDescription("Devices that reported the current generation of the trigger recently.")
  private Long active;

  public Long getTargeted() {
    return targeted;
  }

  public void setTargeted(Long targeted) {
    this.targeted = targeted;
  }

  /** Fluent setter, for fixtures and builders. */
  public DeviceCounts withTargeted(Long targeted) {
    this.targeted = targeted;
    return this;
  }

  public Long getActive() {
    return active;
  }

  public void setActive(Long active) {
    this.active = active;
  }

  /** Fluent setter, for fixtures and builders. */
  public DeviceCounts withActive(Long active) {
    this.active = active;
    return this;
  }
}
