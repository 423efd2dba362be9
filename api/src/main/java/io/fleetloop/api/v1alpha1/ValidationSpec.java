package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Offline validation of the produced model. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ValidationSpec {
  @Size(max = 16)
  @JsonPropertyDescription("Scenario suites, e.g. heldout, tail.")
  private List<String> suites;

  @JsonPropertyDescription("Thresholds.")
  private ValidationGates gates;

  public List<String> getSuites() {
    return suites;
  }

  public void setSuites(List<String> suites) {
    this.suites = suites;
  }

  /** Fluent setter, for fixtures and builders. */
  public ValidationSpec withSuites(List<String> suites) {
    this.suites = suites;
    return this;
  }

  public ValidationGates getGates() {
    return gates;
  }

  public void setGates(ValidationGates gates) {
    this.gates = gates;
  }

  /** Fluent setter, for fixtures and builders. */
  public ValidationSpec withGates(ValidationGates gates) {
    this.gates = gates;
    return this;
  }
}
