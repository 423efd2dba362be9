package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;

/** Share of firings that are kept. */
@ValidationRule(
    value = "self.rate > 0.0 && self.rate <= 1.0",
    message = "sampling.rate must be greater than 0 and at most 1")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataTriggerSampling {
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
