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
}
