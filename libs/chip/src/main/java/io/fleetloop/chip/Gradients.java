package io.fleetloop.chip;

import java.util.List;

/**
 * Gradient accumulators for a stack of dense layers: {@code weights(k)} row-major {@code [out][in]}
 * like {@link DenseLayer#weights()}, {@code bias(k)} per output. Mutable; {@link #clear()} between
 * steps.
 */
public final class Gradients {
  private final float[][] dW;
  private final float[][] dB;

  private Gradients(float[][] dW, float[][] dB) {
    this.dW = dW;
    this.dB = dB;
  }

  /** Zero gradients shaped like {@code layers}. */
  public static Gradients zerosLike(List<DenseLayer> layers) {
    float[][] w = new float[layers.size()][];
    float[][] b = new float[layers.size()][];
    for (int k = 0; k < layers.size(); k++) {
      w[k] = new float[layers.get(k).weights().length];
      b[k] = new float[layers.get(k).out()];
    }
    return new Gradients(w, b);
  }

  public int layerCount() {
    return dW.length;
  }

  /** dL/dW of layer {@code k}, row-major {@code [out][in]}; live, not a copy. */
  public float[] weights(int k) {
    return dW[k];
  }

  /** dL/db of layer {@code k}; live, not a copy. */
  public float[] bias(int k) {
    return dB[k];
  }

  /** Multiplies every gradient by {@code factor} (e.g. 1 / batch size). */
  public void scale(float factor) {
    for (int k = 0; k < dW.length; k++) {
      for (int j = 0; j < dW[k].length; j++) {
        dW[k][j] *= factor;
      }
      for (int j = 0; j < dB[k].length; j++) {
        dB[k][j] *= factor;
      }
    }
  }

  /** Resets every gradient to 0. */
  public void clear() {
    for (int k = 0; k < dW.length; k++) {
      java.util.Arrays.fill(dW[k], 0f);
      java.util.Arrays.fill(dB[k], 0f);
    }
  }
}
