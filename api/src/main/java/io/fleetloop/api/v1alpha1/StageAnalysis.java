package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The measured values behind a stage verdict. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StageAnalysis {
  public static final String VERDICT_PASS = "Pass";
  public static final String VERDICT_FAIL = "Fail";
  public static final String VERDICT_INCONCLUSIVE = "Inconclusive";

  @JsonPropertyDescription("Stage index (0-based; -1 is the shadow phase).")
  private Integer stage;

  @JsonPropertyDescription("Kilometres driven by the candidate in the stage.")
  private Double km;

  @JsonPropertyDescription("Interventions counted.")
  private Long interventions;

  @JsonPropertyDescription("Interventions per 1,000 km.")
  private Double rate;

  @JsonPropertyDescription("Lower confidence bound of the rate.")
  private Double ciLow;

  @JsonPropertyDescription("Upper confidence bound of the rate.")
  private Double ciHigh;

  @JsonPropertyDescription("The stable version's rate over the same window.")
  private Double baselineRate;

  @JsonPropertyDescription("Pass, Fail or Inconclusive.")
  private String verdict;

  @JsonPropertyDescription("The verdict in words.")
  private String reason;

  public Integer getStage() {
    return stage;
  }

  public void setStage(Integer stage) {
    this.stage = stage;
  }

  /** Fluent setter, for fixtures and builders. */
  public StageAnalysis withStage(Integer stage) {
    this.stage = stage;
    return this;
  }

  public Double getKm() {
    return km;
  }

  public void setKm(Double km) {
    this.km = km;
  }

  /** Fluent setter, for fixtures and builders. */
  public StageAnalysis withKm(Double km) {
    this.km = km;
    return this;
  }

  public Long getInterventions() {
    return interventions;
  }

  public void setInterventions(Long interventions) {
    this.interventions = interventions;
  }

  /** Fluent setter, for fixtures and builders. */
  public StageAnalysis withInterventions(Long interventions) {
    this.interventions = interventions;
    return this;
  }

  public Double getRate() {
    return rate;
  }

  public void setRate(Double rate) {
    this.rate = rate;
  }

  /** Fluent setter, for fixtures and builders. */
  public StageAnalysis withRate(Double rate) {
    this.rate = rate;
    return this;
  }

  public Double getCiLow() {
    return ciLow;
  }

  public void setCiLow(Double ciLow) {
    this.ciLow = ciLow;
  }

  /** Fluent setter, for fixtures and builders. */
  public StageAnalysis withCiLow(Double ciLow) {
    this.ciLow = ciLow;
    return this;
  }

  public Double getCiHigh() {
    return ciHigh;
  }

  public void setCiHigh(Double ciHigh) {
    this.ciHigh = ciHigh;
  }

  /** Fluent setter, for fixtures and builders. */
  public StageAnalysis withCiHigh(Double ciHigh) {
    this.ciHigh = ciHigh;
    return this;
  }

  public Double getBaselineRate() {
    return baselineRate;
  }

  public void setBaselineRate(Double baselineRate) {
    this.baselineRate = baselineRate;
  }

  /** Fluent setter, for fixtures and builders. */
  public StageAnalysis withBaselineRate(Double baselineRate) {
    this.baselineRate = baselineRate;
    return this;
  }

  public String getVerdict() {
    return verdict;
  }

  public void setVerdict(String verdict) {
    this.verdict = verdict;
  }

  /** Fluent setter, for fixtures and builders. */
  public StageAnalysis withVerdict(String verdict) {
    this.verdict = verdict;
    return this;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  /** Fluent setter, for fixtures and builders. */
  public StageAnalysis withReason(String reason) {
    this.reason = reason;
    return this;
  }
}
