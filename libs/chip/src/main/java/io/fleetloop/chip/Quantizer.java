package io.fleetloop.chip;

import java.util.ArrayList;
import java.util.List;

/**
 * Post-training quantization: compiles FP32 {@link DenseLayer}s into a {@link QuantizedModel} for
 * the chip (docs/chip-arithmetic.md §3). The compiler runs on the host: it rounds weights and
 * biases to nearest, ties to even, whatever the chip's own rounding; the chip's rounding governs
 * its datapath (input quantization and requantization).
 */
public final class Quantizer {
  private static final Rounding COMPILER_ROUNDING = Rounding.HALF_EVEN;

  private Quantizer() {}

  /**
   * The whole post-training quantization: min/max calibration on {@code samples}, per-channel
   * weights.
   */
  public static QuantizedModel quantize(
      List<DenseLayer> layers, float[][] samples, ChipArithmetic arithmetic) {
    return quantize(
        layers,
        calibrate(layers, samples, CalibrationMethod.minMax()),
        arithmetic,
        WeightGranularity.PER_CHANNEL);
  }

  /**
   * Activation quantization from a calibration set: the FP32 forward ({@link FloatNetwork}) is run
   * on every sample, every value of a tensor (all samples, all features) goes into one range
   * estimate, and {@link QuantParams#fromRange} turns the range into a scale and zero point.
   */
  public static Calibration calibrate(
      List<DenseLayer> layers, float[][] samples, CalibrationMethod method) {
    FloatNetwork net = new FloatNetwork(layers);
    if (samples.length == 0) {
      throw new IllegalArgumentException("calibration needs at least one sample");
    }
    int tensors = layers.size() + 1;
    float[][] values = new float[tensors][];
    int[] counts = new int[tensors];
    values[0] = new float[samples.length * net.inputSize()];
    for (int k = 0; k < layers.size(); k++) {
      values[k + 1] = new float[samples.length * layers.get(k).out()];
    }
    for (float[] sample : samples) {
      List<float[]> trace = net.trace(sample);
      for (int t = 0; t < tensors; t++) {
        float[] v = trace.get(t);
        System.arraycopy(v, 0, values[t], counts[t], v.length);
        counts[t] += v.length;
      }
    }
    List<QuantParams> params = new ArrayList<>(tensors);
    for (int t = 0; t < tensors; t++) {
      double[] range = method.range(values[t], counts[t]);
      params.add(QuantParams.fromRange(range[0], range[1]));
    }
    return new Calibration(params);
  }

  /** Compiles the layers with fixed activation quantization (cheap: O(weights)). */
  public static QuantizedModel quantize(
      List<DenseLayer> layers,
      Calibration calibration,
      ChipArithmetic arithmetic,
      WeightGranularity granularity) {
    FloatNetwork.checkChain(layers);
    if (calibration.layerCount() != layers.size()) {
      throw new IllegalArgumentException(
          "calibration covers "
              + calibration.layerCount()
              + " layers, the network has "
              + layers.size());
    }
    List<QuantizedLayer> out = new ArrayList<>(layers.size());
    for (int k = 0; k < layers.size(); k++) {
      out.add(
          quantizeLayer(layers.get(k), calibration.input(k), calibration.output(k), granularity));
    }
    return new QuantizedModel(arithmetic, out);
  }

  /** One layer (docs/chip-arithmetic.md §3.2–3.4). */
  public static QuantizedLayer quantizeLayer(
      DenseLayer layer, QuantParams input, QuantParams output, WeightGranularity granularity) {
    int in = layer.in();
    int n = layer.out();
    float[] scales = weightScales(layer, granularity);
    byte[] w = new byte[in * n];
    int[] bias = new int[n];
    int[] mult = new int[n];
    int[] shift = new int[n];
    for (int o = 0; o < n; o++) {
      for (int i = 0; i < in; i++) {
        w[o * in + i] = (byte) quantizeWeight(layer.weights()[o * in + i], scales[o]);
      }
      bias[o] = quantizeBias(layer.bias()[o], input.scale(), scales[o]);
      QuantizedMultiplier m =
          QuantizedMultiplier.of(
              requantizationMultiplier(input.scale(), scales[o], output.scale()));
      mult[o] = m.multiplier();
      shift[o] = m.shift();
    }
    return new QuantizedLayer(
        in, n, w, scales, bias, input, output, mult, shift, layer.activation());
  }

  /** The symmetric weight scale of each output channel (equal for {@code PER_LAYER}). */
  public static float[] weightScales(DenseLayer layer, WeightGranularity granularity) {
    int in = layer.in();
    int n = layer.out();
    float[] w = layer.weights();
    float[] scales = new float[n];
    if (granularity == WeightGranularity.PER_LAYER) {
      float maxAbs = 0f;
      for (float v : w) {
        maxAbs = Math.max(maxAbs, Math.abs(v));
      }
      java.util.Arrays.fill(scales, weightScale(maxAbs));
    } else {
      for (int o = 0; o < n; o++) {
        float maxAbs = 0f;
        for (int i = 0; i < in; i++) {
          maxAbs = Math.max(maxAbs, Math.abs(w[o * in + i]));
        }
        scales[o] = weightScale(maxAbs);
      }
    }
    return scales;
  }

  /**
   * {@code float(maxAbs / 127)} computed in double; 1 when {@code maxAbs == 0} (an all-zero
   * channel), never below the smallest normal float.
   */
  public static float weightScale(float maxAbs) {
    if (maxAbs == 0f) {
      return 1f;
    }
    float s = (float) ((double) maxAbs / ChipArithmetic.WEIGHT_MAX);
    return Math.max(s, Float.MIN_NORMAL);
  }

  /** {@code clamp(HalfEven(w / scale), −127, 127)}, the quotient in double. */
  public static int quantizeWeight(float w, float scale) {
    return COMPILER_ROUNDING.quantize(
        w, scale, 0, -ChipArithmetic.WEIGHT_MAX, ChipArithmetic.WEIGHT_MAX);
  }

  /**
   * {@code clamp32(HalfEven(b / (inputScale · weightScale)))}, product and quotient in double (the
   * product of two floats is exact in double).
   */
  public static int quantizeBias(float b, float inputScale, float weightScale) {
    double accScale = (double) inputScale * (double) weightScale;
    long q = COMPILER_ROUNDING.round((double) b / accScale);
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, q));
  }

  /** {@code inputScale · weightScale / outputScale} in double, as TFLite's per-channel path. */
  public static double requantizationMultiplier(
      float inputScale, float weightScale, float outputScale) {
    return (double) inputScale * (double) weightScale / (double) outputScale;
  }
}
