package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A cumulative exposure reading of one model version, role and driving condition, summed over the
 * fleet: what the release channel's {@code ReleaseStats} returns, stored at the start of a stage so
 * the stage's window (reading now minus this) survives an operator restart.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FleetReleaseExposure {
  @JsonPropertyDescription("Model version.")
  private String version;

  @JsonPropertyDescription("Driving or Shadow.")
  private String role;

  @JsonPropertyDescription("Driving condition label, e.g. fog/construction/night/wet.")
  private String condition;

  @JsonPropertyDescription("Kilometres, cumulative.")
  private Double km;

  @JsonPropertyDescription("Interventions (would-be ones for Shadow), cumulative.")
  private Long interventions;

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseExposure withVersion(String version) {
    this.version = version;
    return this;
  }

  public String getRole() {
    return role;
  }

  public void setRole(String role) {
    this.role = role;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseExposure withRole(String role) {
    this.role = role;
    return this;
  }

  public String getCondition() {
    return condition;
  }

  public void setCondition(String condition) {
    this.condition = condition;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseExposure withCondition(String condition) {
    this.condition = condition;
    return this;
  }

  public Double getKm() {
    return km;
  }

  public void setKm(Double km) {
    this.km = km;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseExposure withKm(Double km) {
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
  public FleetReleaseExposure withInterventions(Long interventions) {
    this.interventions = interventions;
    return this;
  }
}
