package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** What happens to a model that passes validation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PromotionSpec {
  public static final String POLICY_AUTO = "Auto";
  public static final String POLICY_MANUAL = "Manual";

  /**
   * The annotation on a TrainingRun that approves a Manual promotion: {@code kubectl annotate tr
   * <run> fleetloop.io/action=promote}.
   */
  public static final String ACTION_ANNOTATION = "fleetloop.io/action";

  /** The value of {@link #ACTION_ANNOTATION} that approves the promotion. */
  public static final String ACTION_PROMOTE = "promote";

  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  @JsonPropertyDescription("FleetRelease (same namespace) the model is promoted into.")
  private String release;

  @ValidationRule(value = "self in ['Auto', 'Manual']", message = "policy must be Auto or Manual")
  @Size(max = 32)
  @Default("Manual")
  @JsonPropertyDescription("Auto promotes on success; Manual waits for an approval.")
  private String policy = "Manual";

  public String getRelease() {
    return release;
  }

  public void setRelease(String release) {
    this.release = release;
  }

  /** Fluent setter, for fixtures and builders. */
  public PromotionSpec withRelease(String release) {
    this.release = release;
    return this;
  }

  public String getPolicy() {
    return policy;
  }

  public void setPolicy(String policy) {
    this.policy = policy;
  }

  /** Fluent setter, for fixtures and builders. */
  public PromotionSpec withPolicy(String policy) {
    this.policy = policy;
    return this;
  }
}
