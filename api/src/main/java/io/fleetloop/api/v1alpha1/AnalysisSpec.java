package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** How each stage is judged. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AnalysisSpec {
  @ValidationRule(
      value = "self in ['InterventionsPer1000Km']",
      message = "metric must be InterventionsPer1000Km")
  @Default("InterventionsPer1000Km")
  @JsonPropertyDescription("The safety metric.")
  @Size(max = 32)
  private String metric = "InterventionsPer1000Km";

  @Min(0.5)
  @Max(value = 1, inclusive = false)
  @Default("0.95")
  @JsonPropertyDescription("Confidence level of the bounds and the sequential test.")
  private Double confidence = 0.95;

  @Min(0)
  @Max(10)
  @Default("0.0")
  @JsonPropertyDescription(
      "Largest accepted relative rise of the candidate's rate over the stable rate.")
  private Double maxRelativeRegression = 0.0;

  @Min(0)
  @Max(1000000000)
  @Default("2000")
  @JsonPropertyDescription("No verdict before this many kilometres in the stage.")
  private Long minExposureKm = 2000L;

  @Default("true")
  @JsonPropertyDescription(
      "Judge every driving condition separately, so a regression cannot hide in the average.")
  private Boolean perCondition = true;

  public String getMetric() {
    return metric;
  }

  public void setMetric(String metric) {
    this.metric = metric;
  }

  /** Fluent setter, for fixtures and builders. */
  public AnalysisSpec withMetric(String metric) {
    this.metric = metric;
    return this;
  }

  public Double getConfidence() {
    return confidence;
  }

  public void setConfidence(Double confidence) {
    this.confidence = confidence;
  }

  /** Fluent setter, for fixtures and builders. */
  public AnalysisSpec withConfidence(Double confidence) {
    this.confidence = confidence;
    return this;
  }

  public Double getMaxRelativeRegression() {
    return maxRelativeRegression;
  }

  public void setMaxRelativeRegression(Double maxRelativeRegression) {
    this.maxRelativeRegression = maxRelativeRegression;
  }

  /** Fluent setter, for fixtures and builders. */
  public AnalysisSpec withMaxRelativeRegression(Double maxRelativeRegression) {
    this.maxRelativeRegression = maxRelativeRegression;
    return this;
  }

  public Long getMinExposureKm() {
    return minExposureKm;
  }

  public void setMinExposureKm(Long minExposureKm) {
    this.minExposureKm = minExposureKm;
  }

  /** Fluent setter, for fixtures and builders. */
  public AnalysisSpec withMinExposureKm(Long minExposureKm) {
    this.minExposureKm = minExposureKm;
    return this;
  }

  public Boolean getPerCondition() {
    return perCondition;
  }

  public void setPerCondition(Boolean perCondition) {
    this.perCondition = perCondition;
  }

  /** Fluent setter, for fixtures and builders. */
  public AnalysisSpec withPerCondition(Boolean perCondition) {
    this.perCondition = perCondition;
    return this;
  }
}
