package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The numeric contract of an edge chip: how its integer forward pass computes.
 *
 * <p>The hardware-in-the-loop training phase runs the forward pass with exactly this arithmetic.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ChipArithmetic {
  public static final String ROUNDING_HALF_EVEN = "HalfEven";
  public static final String ROUNDING_HALF_AWAY_FROM_ZERO = "HalfAwayFromZero";
  public static final String ROUNDING_TOWARD_ZERO = "TowardZero";

  @Required
  @ValidationRule(value = "self == 'int8'", message = "weights must be int8")
  @JsonPropertyDescription("Weight type: int8.")
  @Size(max = 8)
  private String weights;

  @Required
  @ValidationRule(value = "self == 'int8'", message = "activations must be int8")
  @JsonPropertyDescription("Activation type: int8.")
  @Size(max = 8)
  private String activations;

  @Required
  @ValidationRule(value = "self == 'int32'", message = "accumulator must be int32")
  @JsonPropertyDescription("Accumulator type: int32.")
  @Size(max = 8)
  private String accumulator;

  @ValidationRule(
      value = "self in ['HalfEven', 'HalfAwayFromZero', 'TowardZero']",
      message = "rounding must be HalfEven, HalfAwayFromZero or TowardZero")
  @Required
  @JsonPropertyDescription("Rounding used when requantizing accumulators to int8.")
  @Size(max = 32)
  private String rounding;

  @Default("true")
  @JsonPropertyDescription("Clamp to the type range instead of wrapping on overflow.")
  private Boolean saturate = true;

  public String getWeights() {
    return weights;
  }

  public void setWeights(String weights) {
    this.weights = weights;
  }

  /** Fluent setter, for fixtures and builders. */
  public ChipArithmetic withWeights(String weights) {
    this.weights = weights;
    return this;
  }

  public String getActivations() {
    return activations;
  }

  public void setActivations(String activations) {
    this.activations = activations;
  }

  /** Fluent setter, for fixtures and builders. */
  public ChipArithmetic withActivations(String activations) {
    this.activations = activations;
    return this;
  }

  public String getAccumulator() {
    return accumulator;
  }

  public void setAccumulator(String accumulator) {
    this.accumulator = accumulator;
  }

  /** Fluent setter, for fixtures and builders. */
  public ChipArithmetic withAccumulator(String accumulator) {
    this.accumulator = accumulator;
    return this;
  }

  public String getRounding() {
    return rounding;
  }

  public void setRounding(String rounding) {
    this.rounding = rounding;
  }

  /** Fluent setter, for fixtures and builders. */
  public ChipArithmetic withRounding(String rounding) {
    this.rounding = rounding;
    return this;
  }

  public Boolean getSaturate() {
    return saturate;
  }

  public void setSaturate(Boolean saturate) {
    this.saturate = saturate;
  }

  /** Fluent setter, for fixtures and builders. */
  public ChipArithmetic withSaturate(Boolean saturate) {
    this.saturate = saturate;
    return this;
  }
}
