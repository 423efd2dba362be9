package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Devices on each version. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReleaseDevices {
  @JsonPropertyDescription("Devices on the stable version.")
  private Long stable;

  @JsonPropertyDescription("Devices on the candidate.")
  private Long candidate;

  public Long getStable() {
    return stable;
  }

  public void setStable(Long stable) {
    this.stable = stable;
  }

  /** Fluent setter, for fixtures and builders. */
  public ReleaseDevices withStable(Long stable) {
    this.stable = stable;
    return this;
  }

  public Long getCandidate() {
    return candidate;
  }

  public void setCandidate(Long candidate) {
    this.candidate = candidate;
  }

  /** Fluent setter, for fixtures and builders. */
  public ReleaseDevices withCandidate(Long candidate) {
    this.candidate = candidate;
    return this;
  }
}
