package io.fleetloop.chip;

import java.util.Objects;

/**
 * One dense layer as the chip holds it. Arrays are owned by the layer and must not be modified.
 *
 * @param in input width
 * @param out output width
 * @param weights int8 weights, row-major {@code [out][in]}, each in [-127, 127]
 * @param weightScales the symmetric scale of each output channel's weights (all equal for a
 *     per-layer quantized model): {@code W[o][i] ≈ weightScales[o] · weights[o·in + i]}
 * @param bias int32 bias of each output channel at accumulator scale {@code input.scale ·
 *     weightScales[o]}
 * @param input quantization of this layer's input tensor
 * @param output quantization of this layer's output tensor (after the activation)
 * @param multipliers Q31 mantissa of each channel's requantization multiplier
 * @param shifts exponent of each channel's requantization multiplier, in [-31, 30]
 * @param activation fused into the output clamp
 */
public record QuantizedLayer(
    int in,
    int out,
    byte[] weights,
    float[] weightScales,
    int[] bias,
    QuantParams input,
    QuantParams output,
    int[] multipliers,
    int[] shifts,
    Activation activation) {

  public QuantizedLayer {
    if (in <= 0 || out <= 0) {
      throw new IllegalArgumentException("in and out must be positive");
    }
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(activation, "activation");
    if (weights.length != in * out) {
      throw new IllegalArgumentException("weights must have out*in entries");
    }
    if (weightScales.length != out
        || bias.length != out
        || multipliers.length != out
        || shifts.length != out) {
      throw new IllegalArgumentException("per-channel arrays must have out entries");
    }
    for (byte w : weights) {
      if (w == Byte.MIN_VALUE) {
        throw new IllegalArgumentException("weights are symmetric: -128 is not allowed");
      }
    }
    for (int o = 0; o < out; o++) {
      if (!(weightScales[o] >= Float.MIN_NORMAL) || !Float.isFinite(weightScales[o])) {
        throw new IllegalArgumentException("weight scale must be a positive normal float");
      }
      new QuantizedMultiplier(multipliers[o], shifts[o]); // validates
    }
  }

  /** The requantization multiplier of channel {@code o}. */
  public QuantizedMultiplier multiplier(int o) {
    return new QuantizedMultiplier(multipliers[o], shifts[o]);
  }

  /** The int8 weight {@code W[o][i]}. */
  public int weight(int o, int i) {
    return weights[o * in + i];
  }

  /** Lower bound of the output clamp: the zero point for ReLU (real 0), -128 otherwise. */
  public int activationMin() {
    return activation == Activation.RELU
        ? Math.max(ChipArithmetic.ACTIVATION_MIN, output.zeroPoint())
        : ChipArithmetic.ACTIVATION_MIN;
  }

  /** Upper bound of the output clamp: 127. */
  public int activationMax() {
    return ChipArithmetic.ACTIVATION_MAX;
  }

  /**
   * Whether no partial sum of channel {@code o} can leave int32, whatever the input: {@code |bias|
   * + Σ_i |W[o][i]| · max|x − z_in| ≤ 2^31 − 1}. Then saturating and wrapping accumulation agree.
   */
  public boolean overflowFree(int o) {
    long maxCentered =
        Math.max(
            ChipArithmetic.ACTIVATION_MAX - input.zeroPoint(),
            input.zeroPoint() - ChipArithmetic.ACTIVATION_MIN);
    long bound = Math.abs((long) bias[o]);
    for (int i = 0; i < in; i++) {
      bound += Math.abs(weights[o * in + i]) * maxCentered;
    }
    return bound <= Integer.MAX_VALUE;
  }

  /** The weights as reals: {@code weightScales[o] · W[o][i]} in float32, row-major. */
  public float[] dequantizedWeights() {
    float[] w = new float[in * out];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        w[o * in + i] = weights[o * in + i] * weightScales[o];
      }
    }
    return w;
  }

  /** Multiply-accumulates of one forward pass through this layer. */
  public long macs() {
    return (long) in * out;
  }
}
