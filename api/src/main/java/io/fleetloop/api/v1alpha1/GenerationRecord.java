package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One model generation in the release's history. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GenerationRecord {
  public static final String OUTCOME_PROMOTED = "Promoted";
  public static final String OUTCOME_ROLLED_BACK = "RolledBack";
  public static final String OUTCOME_FROZEN = "Frozen";
  public static final String OUTCOME_ABORTED = "Aborted";
  public static final String OUTCOME_UNDONE = "Undone";

  @JsonPropertyDescription("Model version.")
  private String version;

  @JsonPropertyDescription("Promoted, RolledBack, Frozen, Aborted, Undone.")
  private String outcome;

  @JsonPropertyDescription("RFC 3339.")
  private String at;

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  /** Fluent setter, for fixtures and builders. */
  public GenerationRecord withVersion(String version) {
    this.version = version;
    return this;
  }

  public String getOutcome() {
    return outcome;
  }

  public void setOutcome(String outcome) {
    this.outcome = outcome;
  }

  /** Fluent setter, for fixtures and builders. */
  public GenerationRecord withOutcome(String outcome) {
    this.outcome = outcome;
    return this;
  }

  public String getAt() {
    return at;
  }

  public void setAt(String at) {
    this.at = at;
  }

  /** Fluent setter, for fixtures and builders. */
  public GenerationRecord withAt(String at) {
    this.at = at;
    return this;
  }
}
