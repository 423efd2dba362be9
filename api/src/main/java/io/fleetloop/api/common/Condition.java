package io.fleetloop.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A standard Kubernetes condition: the status of one aspect of a resource.
 *
 * <p>{@code type} is CamelCase (e.g. {@code Ready}); {@code status} is True, False or Unknown;
 * {@code reason} is a CamelCase machine-readable cause; {@code message} is for humans.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {
  @Required
  @Size(min = 1, max = 64)
  @JsonPropertyDescription("Type of the condition, CamelCase (Ready, Compiled, ...).")
  private String type;

  @Required
  @ValidationRule(
      value = "self in ['True', 'False', 'Unknown']",
      message = "status must be True, False or Unknown")
  @Size(max = 8)
  @JsonPropertyDescription("True, False or Unknown.")
  private String status;

  @Size(max = 128)
  @JsonPropertyDescription("CamelCase reason for the last transition.")
  private String reason;

  @Size(max = 32768)
  @JsonPropertyDescription("Human-readable explanation.")
  private String message;

  @JsonPropertyDescription("When the status last changed (RFC 3339).")
  private String lastTransitionTime;

  @JsonPropertyDescription("The metadata.generation this condition was computed from.")
  private Long observedGeneration;

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  /** Fluent setter, for fixtures and builders. */
  public Condition withType(String type) {
    this.type = type;
    return this;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  /** Fluent setter, for fixtures and builders. */
  public Condition withStatus(String status) {
    this.status = status;
    return this;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  /** Fluent setter, for fixtures and builders. */
  public Condition withReason(String reason) {
    this.reason = reason;
    return this;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  /** Fluent setter, for fixtures and builders. */
  public Condition withMessage(String message) {
    this.message = message;
    return this;
  }

  public String getLastTransitionTime() {
    return lastTransitionTime;
  }

  public void setLastTransitionTime(String lastTransitionTime) {
    this.lastTransitionTime = lastTransitionTime;
  }

  /** Fluent setter, for fixtures and builders. */
  public Condition withLastTransitionTime(String lastTransitionTime) {
    this.lastTransitionTime = lastTransitionTime;
    return this;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  /** Fluent setter, for fixtures and builders. */
  public Condition withObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
    return this;
  }
}
