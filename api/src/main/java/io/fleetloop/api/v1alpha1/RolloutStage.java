package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** One stage of a staged rollout. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutStage {
  @Required
  @Min(1)
  @Max(100)
  @JsonPropertyDescription("Share of the fleet on the candidate during this stage.")
  private Integer percent;

  @Min(0)
  @Max(1000000000)
  @JsonPropertyDescription(
      "Kilometres the candidate must drive in this stage before it may advance.")
  private Long minKm;

  @Pattern("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$")
  @JsonPropertyDescription("Longest the stage may last without a verdict, a duration such as 2h.")
  private String maxDuration;

  public Integer getPercent() {
    return percent;
  }

  public void setPercent(Integer percent) {
    this.percent = percent;
  }

  /** Fluent setter, for fixtures and builders. */
  public RolloutStage withPercent(Integer percent) {
    this.percent = percent;
    return this;
  }

  public Long getMinKm() {
    return minKm;
  }

  public void setMinKm(Long minKm) {
    this.minKm = minKm;
  }

  /** Fluent setter, for fixtures and builders. */
  public RolloutStage withMinKm(Long minKm) {
    this.minKm = minKm;
    return this;
  }

  public String getMaxDuration() {
    return maxDuration;
  }

  public void setMaxDuration(String maxDuration) {
    this.maxDuration = maxDuration;
  }

  /** Fluent setter, for fixtures and builders. */
  public RolloutStage withMaxDuration(String maxDuration) {
    this.maxDuration = maxDuration;
    return this;
  }
}
