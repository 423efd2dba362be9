package io.fleetloop.chip;

import java.util.ArrayList;
import java.util.List;

/**
 * Simulated quantization-aware training's forward: quantize-then-dequantize in float32, the way
 * training frameworks simulate an int8 target (PyTorch's {@code fake_quantize_per_tensor_affine} /
 * {@code _per_channel_affine} kernels). Same scales and zero points as the chip; different
 * arithmetic (docs/chip-arithmetic.md §6):
 *
 * <ul>
 *   <li>rounding is {@code nearbyint(x · (1 / scale))} in float: ties to even, on a float product
 *       with a rounded reciprocal, whatever the chip's rounding;
 *   <li>the bias stays float (not int32 at accumulator scale);
 *   <li>the accumulation is float32 and requantization is one float rounding, not an int32
 *       accumulator times a Q31 multiplier with a shift;
 *   <li>nothing saturates or wraps but the int8 clamp.
 * </ul>
 *
 * <p>Built from the current FP32 weights (re-fake-quantized with the same per-channel scale rule as
 * {@link Quantizer#weightScales}) and a fixed {@link Calibration}. Not thread-safe.
 */
public final class FakeQuant {
  private final List<DenseLayer> layers;
  private final Calibration calibration;
  private final float[][] fqWeights;
  private final float[] bufA;
  private final float[] bufB;
  private final float[] inputBuf;

  public FakeQuant(
      List<DenseLayer> layers, Calibration calibration, WeightGranularity granularity) {
    this.layers = List.copyOf(FloatNetwork.checkChain(layers));
    this.calibration = calibration;
    if (calibration.layerCount() != layers.size()) {
      throw new IllegalArgumentException("calibration does not match the network");
    }
    this.fqWeights = new float[layers.size()][];
    int width = 0;
    for (int k = 0; k < layers.size(); k++) {
      DenseLayer l = layers.get(k);
      fqWeights[k] = fakeQuantizeWeights(l, granularity);
      width = Math.max(width, Math.max(l.in(), l.out()));
    }
    this.bufA = new float[width];
    this.bufB = new float[width];
    this.inputBuf = new float[layers.get(0).in()];
  }

  /**
   * PyTorch's fake-quant of one value: {@code (clamp(z + nearbyint(x · (1/s)), qmin, qmax) − z) ·
   * s}.
   */
  public static float fakeQuantize(float x, float scale, int zeroPoint, int qmin, int qmax) {
    return (code(x, 1f / scale, zeroPoint, qmin, qmax) - zeroPoint) * scale;
  }

  /** The integer level of a fake-quantized value: {@code clamp(z + nearbyint(x · invScale))}. */
  static int code(float x, float invScale, int zeroPoint, int qmin, int qmax) {
    double r = Math.rint(x * invScale) + zeroPoint; // float product, exact widening and add
    if (Double.isNaN(r)) {
      return Math.max(qmin, Math.min(qmax, zeroPoint));
    }
    return (int) Math.max(qmin, Math.min(qmax, r));
  }

  /** Weights fake-quantized per channel (or per layer), symmetric in [−127, 127], row-major. */
  public static float[] fakeQuantizeWeights(DenseLayer layer, WeightGranularity granularity) {
    float[] scales = Quantizer.weightScales(layer, granularity);
    int in = layer.in();
    float[] w = new float[in * layer.out()];
    for (int o = 0; o < layer.out(); o++) {
      for (int i = 0; i < in; i++) {
        w[o * in + i] =
            fakeQuantize(
                layer.weights()[o * in + i],
                scales[o],
                0,
                -ChipArithmetic.WEIGHT_MAX,
                ChipArithmetic.WEIGHT_MAX);
      }
    }
    return w;
  }

  public int inputSize() {
    return layers.get(0).in();
  }

  public int outputSize() {
    return layers.get(layers.size() - 1).out();
  }

  /** One sample, allocation-free: fake-quantized real outputs. */
  public void forward(float[] x, int xOffset, float[] y, int yOffset) {
    QuantParams p0 = calibration.input(0);
    float inv0 = 1f / p0.scale();
    for (int i = 0; i < inputBuf.length; i++) {
      inputBuf[i] =
          (code(x[xOffset + i], inv0, p0.zeroPoint(), -128, 127) - p0.zeroPoint()) * p0.scale();
    }
    float[] src = inputBuf;
    int last = layers.size() - 1;
    for (int k = 0; k <= last; k++) {
      float[] dst = k == last ? y : ((k & 1) == 0 ? bufA : bufB);
      int dstOff = k == last ? yOffset : 0;
      DenseLayer l = layers.get(k);
      QuantParams p = calibration.output(k);
      float inv = 1f / p.scale();
      int z = p.zeroPoint();
      boolean relu = l.activation() == Activation.RELU;
      float[] w = fqWeights[k];
      int in = l.in();
      for (int o = 0; o < l.out(); o++) {
        float acc = 0f;
        int row = o * in;
        for (int i = 0; i < in; i++) {
          acc += w[row + i] * src[i];
        }
        acc += l.bias()[o];
        float a = relu && acc < 0f ? 0f : acc;
        dst[dstOff + o] = (code(a, inv, z, -128, 127) - z) * p.scale();
      }
      src = dst;
    }
  }

  /** One sample; allocates the output. */
  public float[] forward(float[] x) {
    FloatNetwork.checkLength(x.length, inputSize());
    float[] y = new float[outputSize()];
    forward(x, 0, y, 0);
    return y;
  }

  /** The fake-quant decision: argmax of the fake-quantized output (ties to the first index). */
  public int decide(float[] x) {
    return Decisions.argmax(forward(x));
  }

  /** The fake-quant forward with every layer's values, for the straight-through backward. */
  public ForwardTrace trace(float[] x) {
    FloatNetwork.checkLength(x.length, inputSize());
    QuantParams p0 = calibration.input(0);
    float inv0 = 1f / p0.scale();
    float[] src = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      src[i] = (code(x[i], inv0, p0.zeroPoint(), -128, 127) - p0.zeroPoint()) * p0.scale();
    }
    List<LayerTrace> traces = new ArrayList<>(layers.size());
    for (int k = 0; k < layers.size(); k++) {
      DenseLayer l = layers.get(k);
      QuantParams p = calibration.output(k);
      float inv = 1f / p.scale();
      int z = p.zeroPoint();
      boolean relu = l.activation() == Activation.RELU;
      float[] w = fqWeights[k];
      int in = l.in();
      byte[] codes = new byte[l.out()];
      float[] output = new float[l.out()];
      float[] mask = new float[l.out()];
      for (int o = 0; o < l.out(); o++) {
        float acc = 0f;
        for (int i = 0; i < in; i++) {
          acc += w[o * in + i] * src[i];
        }
        acc += l.bias()[o];
        float a = relu && acc < 0f ? 0f : acc;
        double level = Math.rint(a * inv) + z;
        int q = code(a, inv, z, -128, 127);
        codes[o] = (byte) q;
        output[o] = (q - z) * p.scale();
        boolean inside = level >= -128 && level <= 127 && (!relu || acc > 0f);
        mask[o] = inside ? 1f : 0f;
      }
      traces.add(new LayerTrace(in, l.out(), src, w, codes, output, mask));
      src = output;
    }
    return new ForwardTrace(traces);
  }
}
