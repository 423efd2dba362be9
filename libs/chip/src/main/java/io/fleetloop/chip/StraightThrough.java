package io.fleetloop.chip;

/**
 * The straight-through estimator around a quantized forward: the forward values come from the chip
 * ({@link ChipRuntime#trace}) or the simulation ({@link FakeQuant#trace}); the backward treats
 * every quantizer as the identity inside its range and as a constant where the value was clipped
 * (the clipped STE, as PyTorch's fake-quant backward), and ReLU as its usual derivative.
 *
 * <p>For layer {@code k}, with {@code g} the gradient of the loss with respect to its (dequantized)
 * output, {@code m} its {@link LayerTrace#gradMask()}, {@code x} its input as the forward saw it
 * and {@code Ŵ} the weights the forward multiplied with:
 *
 * <pre>
 *   δ[o]      = g[o] · m[o]
 *   dL/dW[o][i] += δ[o] · x[i]          (applied by the trainer to the FP32 weights)
 *   dL/db[o]    += δ[o]
 *   g_prev[i]  = Σ_o Ŵ[o][i] · δ[o]     (the previous layer's output gradient)
 * </pre>
 */
public final class StraightThrough {
  private StraightThrough() {}

  /**
   * Accumulates into {@code into} the gradients of one sample whose loss gradient with respect to
   * the network output ({@link ForwardTrace#output()}) is {@code gradOutput}.
   *
   * @return the gradient with respect to the network input (dequantized)
   */
  public static float[] backward(ForwardTrace trace, float[] gradOutput, Gradients into) {
    if (into.layerCount() != trace.layers().size()) {
      throw new IllegalArgumentException("gradients do not match the trace");
    }
    float[] g = gradOutput;
    for (int k = trace.layers().size() - 1; k >= 0; k--) {
      LayerTrace t = trace.layers().get(k);
      if (g.length != t.out()) {
        throw new IllegalArgumentException(
            "gradient has " + g.length + " values, layer " + t.out());
      }
      int in = t.in();
      float[] dW = into.weights(k);
      float[] dB = into.bias(k);
      if (dW.length != in * t.out()) {
        throw new IllegalArgumentException("gradients do not match layer " + k);
      }
      float[] prev = new float[in];
      for (int o = 0; o < t.out(); o++) {
        float d = g[o] * t.gradMask()[o];
        if (d == 0f) {
          continue;
        }
        dB[o] += d;
        int row = o * in;
        for (int i = 0; i < in; i++) {
          dW[row + i] += d * t.input()[i];
          prev[i] += t.weights()[row + i] * d;
        }
      }
      g = prev;
    }
    return g;
  }
}
