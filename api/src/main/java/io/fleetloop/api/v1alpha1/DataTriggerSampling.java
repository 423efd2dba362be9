package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Share of firings that are kept. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataTriggerSampling {
  @Min(value = 0, inclusive = false)
  @Max(1)
  @Default("1.0")
  @JsonPropertyDescription("Share of firings kept, 0 < rate <= 1.")
  private Double rate = 1.0;

  public Double getRate() {
    return rate;
  }

  public void setRate(Double rate) {
    this.rate = rate;
  }

  /** Fluent setter, for fixtures and builders. */
  public DataTriggerSampling withRate(Double rate) {
    this.rate = rate;
    return this;
  }
}
