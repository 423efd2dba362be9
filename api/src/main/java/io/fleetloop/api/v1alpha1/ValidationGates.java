package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Thresholds a candidate must meet on the offline suites. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ValidationGates {
  @Min(0)
  @Max(1)
  @JsonPropertyDescription("Lowest accepted accuracy on every suite, 0..1.")
  private Double minAccuracy;

  @Min(0)
  @Max(1)
  @JsonPropertyDescription(
      "Highest accepted share of decisions where the chip model differs from FP32, 0..1.")
  private Double maxChipDisagreement;

  public Double getMinAccuracy() {
    return minAccuracy;
  }

  public void setMinAccuracy(Double minAccuracy) {
    this.minAccuracy = minAccuracy;
  }

  /** Fluent setter, for fixtures and builders. */
  public ValidationGates withMinAccuracy(Double minAccuracy) {
    this.minAccuracy = minAccuracy;
    return this;
  }

  public Double getMaxChipDisagreement() {
    return maxChipDisagreement;
  }

  public void setMaxChipDisagreement(Double maxChipDisagreement) {
    this.maxChipDisagreement = maxChipDisagreement;
  }

  /** Fluent setter, for fixtures and builders. */
  public ValidationGates withMaxChipDisagreement(Double maxChipDisagreement) {
    this.maxChipDisagreement = maxChipDisagreement;
    return this;
  }
}
