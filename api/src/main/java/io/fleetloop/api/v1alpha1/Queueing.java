package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** How runs waiting for this pool are ordered. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Queueing {
  public static final String POLICY_PRIORITY = "Priority";
  public static final String POLICY_FIFO = "FIFO";
  public static final String PREEMPTION_NEVER = "Never";
  public static final String PREEMPTION_LOWER_PRIORITY = "LowerPriority";

  @ValidationRule(
      value = "self in ['Priority', 'FIFO']",
      message = "policy must be Priority or FIFO")
  @Default("Priority")
  @JsonPropertyDescription("Priority (higher first, then FIFO) or FIFO.")
  @Size(max = 32)
  private String policy = "Priority";

  @ValidationRule(
      value = "self in ['Never', 'LowerPriority']",
      message = "preemption must be Never or LowerPriority")
  @Default("Never")
  @JsonPropertyDescription("Whether a higher-priority run may preempt a lower one.")
  @Size(max = 32)
  private String preemption = "Never";

  public String getPolicy() {
    return policy;
  }

  public void setPolicy(String policy) {
    this.policy = policy;
  }

  /** Fluent setter, for fixtures and builders. */
  public Queueing withPolicy(String policy) {
    this.policy = policy;
    return this;
  }

  public String getPreemption() {
    return preemption;
  }

  public void setPreemption(String preemption) {
    this.preemption = preemption;
  }

  /** Fluent setter, for fixtures and builders. */
  public Queueing withPreemption(String preemption) {
    this.preemption = preemption;
    return this;
  }
}
