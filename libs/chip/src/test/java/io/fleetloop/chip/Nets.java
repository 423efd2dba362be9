package io.fleetloop.chip;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test fixtures: small networks by hand, random networks, random inputs. */
final class Nets {
  private Nets() {}

  /** A dense layer from a row-per-output matrix. */
  static DenseLayer dense(float[][] w, float[] b, Activation activation) {
    int out = w.length;
    int in = w[0].length;
    float[] flat = new float[in * out];
    for (int o = 0; o < out; o++) {
      System.arraycopy(w[o], 0, flat, o * in, in);
    }
    return new DenseLayer(in, out, flat, b.clone(), activation);
  }

  /**
   * The worked example of docs/chip-arithmetic.md §5: 3 → 2 (ReLU) → 2, calibrated by hand to the
   * ranges [-1, 1.5], [0, 2], [-2.5, 2].
   */
  static List<DenseLayer> workedExample() {
    return List.of(
        dense(
            new float[][] {{0.9f, -0.4f, 0.25f}, {-0.6f, 0.3f, 1.2f}},
            new float[] {0.1f, -0.05f},
            Activation.RELU),
        dense(
            new float[][] {{1.1f, -0.7f}, {-0.5f, 0.8f}},
            new float[] {0.02f, -0.03f},
            Activation.NONE));
  }

  static Calibration workedExampleCalibration() {
    return new Calibration(
        List.of(
            QuantParams.fromRange(-1.0, 1.5),
            QuantParams.fromRange(0.0, 2.0),
            QuantParams.fromRange(-2.5, 2.0)));
  }

  static QuantizedModel workedExampleModel(Rounding rounding) {
    return Quantizer.quantize(
        workedExample(),
        workedExampleCalibration(),
        new ChipArithmetic(rounding, true),
        WeightGranularity.PER_CHANNEL);
  }

  /** He-initialised ReLU MLP with a linear head; biases N(0, 0.1). */
  static List<DenseLayer> random(Random random, int... widths) {
    List<DenseLayer> layers = new ArrayList<>();
    for (int k = 0; k + 1 < widths.length; k++) {
      int in = widths[k];
      int out = widths[k + 1];
      float[] w = new float[in * out];
      float[] b = new float[out];
      double sd = Math.sqrt(2.0 / in);
      for (int j = 0; j < w.length; j++) {
        w[j] = (float) (random.nextGaussian() * sd);
      }
      for (int j = 0; j < out; j++) {
        b[j] = (float) (random.nextGaussian() * 0.1);
      }
      layers.add(
          new DenseLayer(in, out, w, b, k + 2 < widths.length ? Activation.RELU : Activation.NONE));
    }
    return layers;
  }

  static float[][] gaussian(Random random, int n, int width) {
    float[][] x = new float[n][width];
    for (float[] row : x) {
      for (int i = 0; i < width; i++) {
        row[i] = (float) random.nextGaussian();
      }
    }
    return x;
  }
}
