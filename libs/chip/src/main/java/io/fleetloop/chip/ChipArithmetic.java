package io.fleetloop.chip;

import java.util.Objects;

/**
 * The numeric contract of an edge chip, as HardwarePool {@code spec.accelerator.arithmetic} states
 * it: int8 weights, int8 activations, int32 accumulators (fixed for this chip family), the rounding
 * mode of requantization and of input quantization, and whether int32 arithmetic saturates or
 * wraps.
 *
 * @param rounding how requantization (and the input quantizer) rounds
 * @param saturate {@code true}: every int32 operation of the datapath (multiply-accumulate, bias,
 *     requantized value, zero-point add) clamps to [-2^31, 2^31-1]; {@code false}: it wraps modulo
 *     2^32 (two's complement). int8 activations are clamped in both cases (the output stage).
 */
public record ChipArithmetic(Rounding rounding, boolean saturate) {
  /** The weight type this chip family computes with. */
  public static final String WEIGHTS = "int8";

  /** The activation type this chip family computes with. */
  public static final String ACTIVATIONS = "int8";

  /** The accumulator type this chip family computes with. */
  public static final String ACCUMULATOR = "int32";

  /** int8 range used for activations. */
  public static final int ACTIVATION_MIN = -128;

  /** int8 range used for activations. */
  public static final int ACTIVATION_MAX = 127;

  /** Weights are symmetric: -128 is never used, so that negation is exact. */
  public static final int WEIGHT_MAX = 127;

  public ChipArithmetic {
    Objects.requireNonNull(rounding, "rounding");
  }

  /** The chip of the HardwarePool example: HalfEven, saturating. */
  public static ChipArithmetic defaults() {
    return new ChipArithmetic(Rounding.HALF_EVEN, true);
  }

  /**
   * Validates and converts a HardwarePool {@code arithmetic} block. {@code saturate} may be null
   * (the API's default, true).
   *
   * @throws IllegalArgumentException when a type is not the chip's, or the rounding is unknown
   */
  public static ChipArithmetic fromSpec(
      String weights, String activations, String accumulator, String rounding, Boolean saturate) {
    require("weights", WEIGHTS, weights);
    require("activations", ACTIVATIONS, activations);
    require("accumulator", ACCUMULATOR, accumulator);
    return new ChipArithmetic(Rounding.fromSpec(rounding), saturate == null || saturate);
  }

  private static void require(String field, String expected, String actual) {
    if (!expected.equals(actual)) {
      throw new IllegalArgumentException(field + " must be " + expected + ", not " + actual);
    }
  }

  /** Always {@value #WEIGHTS}. */
  public String weights() {
    return WEIGHTS;
  }

  /** Always {@value #ACTIVATIONS}. */
  public String activations() {
    return ACTIVATIONS;
  }

  /** Always {@value #ACCUMULATOR}. */
  public String accumulator() {
    return ACCUMULATOR;
  }

  /** An int32 result from a wider exact value: clamped or wrapped per {@link #saturate()}. */
  public int narrow32(long value) {
    return narrow32(value, saturate);
  }

  static int narrow32(long value, boolean saturate) {
    if (saturate) {
      return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }
    return (int) value;
  }

  /** The int32 sum {@code a + b}, saturated or wrapped per {@link #saturate()}. */
  public int add32(int a, int b) {
    return narrow32((long) a + b, saturate);
  }

  @Override
  public String toString() {
    return "ChipArithmetic[int8 weights, int8 activations, int32 accumulator, "
        + rounding.specName()
        + (saturate ? ", saturating]" : ", wrapping]");
  }
}
