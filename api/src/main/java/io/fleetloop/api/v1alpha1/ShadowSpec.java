package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Shadow phase: the candidate rides along on devices and never drives. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ShadowSpec {
  @Min(0)
  @Max(1000000000)
  @Default("0")
  @JsonPropertyDescription(
      "Kilometres of shadow driving before the first stage; 0 skips the shadow phase.")
  private Long minKm = 0L;

  @Min(0)
  @Max(10)
  @JsonPropertyDescription(
      "Largest accepted relative rise of the candidate's would-be intervention rate in shadow over"
          + " the stable model's real one (0.5 = 50 %); unset: analysis.maxRelativeRegression. In"
          + " shadow the candidate is judged on the roads the stable model drove into, which is"
          + " biased against it, so a looser screen here (e.g. 1.0: fail only when significantly"
          + " above twice the stable rate) stops gross regressions before any vehicle drives the"
          + " candidate and leaves the fine judgment to the stages.")
  private Double maxRelativeRegression;

  public Long getMinKm() {
    return minKm;
  }

  public void setMinKm(Long minKm) {
    this.minKm = minKm;
  }

  /** Fluent setter, for fixtures and builders. */
  public ShadowSpec withMinKm(Long minKm) {
    this.minKm = minKm;
    return this;
  }

  public Double getMaxRelativeRegression() {
    return maxRelativeRegression;
  }

  public void setMaxRelativeRegression(Double maxRelativeRegression) {
    this.maxRelativeRegression = maxRelativeRegression;
  }

  /** Fluent setter, for fixtures and builders. */
  public ShadowSpec withMaxRelativeRegression(Double maxRelativeRegression) {
    this.maxRelativeRegression = maxRelativeRegression;
    return this;
  }
}
