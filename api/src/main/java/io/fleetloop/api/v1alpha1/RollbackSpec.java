package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** What happens when a stage fails. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RollbackSpec {
  public static final String ON_UNSAFE_FREEZE = "Freeze";
  public static final String ON_UNSAFE_ROLLBACK = "Rollback";

  @Default("true")
  @JsonPropertyDescription("Roll back without waiting for a human.")
  private Boolean automatic = true;

  @ValidationRule(
      value = "self in ['Freeze', 'Rollback']",
      message = "onUnsafe must be Freeze or Rollback")
  @Default("Rollback")
  @JsonPropertyDescription(
      "Rollback returns the fleet to the stable version; Freeze holds it where it is.")
  @Size(max = 32)
  private String onUnsafe = "Rollback";

  public Boolean getAutomatic() {
    return automatic;
  }

  public void setAutomatic(Boolean automatic) {
    this.automatic = automatic;
  }

  /** Fluent setter, for fixtures and builders. */
  public RollbackSpec withAutomatic(Boolean automatic) {
    this.automatic = automatic;
    return this;
  }

  public String getOnUnsafe() {
    return onUnsafe;
  }

  public void setOnUnsafe(String onUnsafe) {
    this.onUnsafe = onUnsafe;
  }

  /** Fluent setter, for fixtures and builders. */
  public RollbackSpec withOnUnsafe(String onUnsafe) {
    this.onUnsafe = onUnsafe;
    return this;
  }
}
