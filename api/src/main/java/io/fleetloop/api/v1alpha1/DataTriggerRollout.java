package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Canary rollout of a new or changed trigger. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataTriggerRollout {
  @Min(1)
  @Max(100)
  @Default("5")
  @JsonPropertyDescription(
      "Share of targeted devices that receive a new or changed trigger first; 100 means no canary.")
  private Integer canaryPercent = 5;

  public Integer getCanaryPercent() {
    return canaryPercent;
  }

  public void setCanaryPercent(Integer canaryPercent) {
    this.canaryPercent = canaryPercent;
  }

  /** Fluent setter, for fixtures and builders. */
  public DataTriggerRollout withCanaryPercent(Integer canaryPercent) {
    this.canaryPercent = canaryPercent;
    return this;
  }
}
