package io.fleetloop.chip;

import java.util.Objects;

/**
 * One FP32 dense layer, the neutral input form of the quantizer: {@code y = act(W x + b)}.
 *
 * @param in input width
 * @param out output width
 * @param weights row-major {@code [out][in]}: {@code W[o][i] = weights[o * in + i]}
 * @param bias length {@code out}
 * @param activation what follows the affine map
 */
public record DenseLayer(int in, int out, float[] weights, float[] bias, Activation activation) {
  public DenseLayer {
    if (in <= 0 || out <= 0) {
      throw new IllegalArgumentException("in and out must be positive: " + in + "x" + out);
    }
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(bias, "bias");
    Objects.requireNonNull(activation, "activation");
    if (weights.length != in * out) {
      throw new IllegalArgumentException(
          "weights must have out*in = " + (in * out) + " entries, not " + weights.length);
    }
    if (bias.length != out) {
      throw new IllegalArgumentException(
          "bias must have out = " + out + " entries, not " + bias.length);
    }
    for (float w : weights) {
      if (!Float.isFinite(w)) {
        throw new IllegalArgumentException("weights must be finite");
      }
    }
    for (float b : bias) {
      if (!Float.isFinite(b)) {
        throw new IllegalArgumentException("bias must be finite");
      }
    }
  }

  /** The weight {@code W[o][i]}. */
  public float weight(int o, int i) {
    return weights[o * in + i];
  }

  /** Number of multiply-accumulates of one forward pass through this layer. */
  public long macs() {
    return (long) in * out;
  }
}
