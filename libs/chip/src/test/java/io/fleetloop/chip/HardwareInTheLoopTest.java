package io.fleetloop.chip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The straight-through helpers used the way a hardware-in-the-loop trainer uses them: forward on
 * the chip, backward in float, update the FP32 weights, re-quantize with the fixed calibration.
 */
class HardwareInTheLoopTest {

  /** The exact FP32 trace: float input, FP32 weights, ReLU derivative as the mask. */
  static ForwardTrace fp32Trace(List<DenseLayer> layers, float[] x) {
    List<float[]> tensors = new FloatNetwork(layers).trace(x);
    List<LayerTrace> traces = new ArrayList<>();
    for (int k = 0; k < layers.size(); k++) {
      DenseLayer l = layers.get(k);
      float[] out = tensors.get(k + 1);
      float[] mask = new float[l.out()];
      for (int o = 0; o < l.out(); o++) {
        mask[o] = l.activation() == Activation.RELU && out[o] <= 0f ? 0f : 1f;
      }
      traces.add(
          new LayerTrace(
              l.in(), l.out(), tensors.get(k), l.weights(), new byte[l.out()], out, mask));
    }
    return new ForwardTrace(traces);
  }

  private static double halfSquaredError(float[] y, float[] target) {
    double s = 0;
    for (int o = 0; o < y.length; o++) {
      s += 0.5 * (y[o] - target[o]) * (y[o] - target[o]);
    }
    return s;
  }

  @Test
  void onAnFp32TraceTheBackwardIsExactBackpropagation() {
    Random random = new Random(1);
    List<DenseLayer> layers = Nets.random(random, 5, 7, 3);
    float[] x = Nets.gaussian(random, 1, 5)[0];
    float[] target = {0.5f, -1f, 2f};
    ForwardTrace t = fp32Trace(layers, x);
    float[] gradOut = new float[3];
    for (int o = 0; o < 3; o++) {
      gradOut[o] = t.output()[o] - target[o];
    }
    Gradients g = Gradients.zerosLike(layers);
    StraightThrough.backward(t, gradOut, g);
    FloatNetwork net = new FloatNetwork(layers);
    for (int k = 0; k < layers.size(); k++) {
      float[] w = layers.get(k).weights();
      for (int j = 0; j < w.length; j++) {
        float saved = w[j];
        float eps = 1e-2f;
        w[j] = saved + eps;
        double up = halfSquaredError(net.forward(x), target);
        w[j] = saved - eps;
        double down = halfSquaredError(net.forward(x), target);
        w[j] = saved;
        double numeric = (up - down) / (2 * eps);
        assertThat((double) g.weights(k)[j])
            .isCloseTo(
                numeric, org.assertj.core.data.Offset.offset(2e-3 + 1e-2 * Math.abs(numeric)));
      }
    }
  }

  @Test
  void theChipsGradientPointsWhereTheFp32GradientPoints() {
    Random random = new Random(2);
    List<DenseLayer> layers = Nets.random(random, 16, 32, 32, 4);
    float[][] xs = Nets.gaussian(random, 256, 16);
    Calibration c = Quantizer.calibrate(layers, xs, CalibrationMethod.minMax());
    for (Rounding mode : Rounding.values()) {
      ChipRuntime chip =
          new ChipRuntime(
              Quantizer.quantize(
                  layers, c, new ChipArithmetic(mode, true), WeightGranularity.PER_CHANNEL));
      Gradients gChip = Gradients.zerosLike(layers);
      Gradients gFp32 = Gradients.zerosLike(layers);
      for (float[] x : xs) {
        ForwardTrace tc = chip.trace(x);
        ForwardTrace tf = fp32Trace(layers, x);
        // the same loss on each forward's own output: pull output 0 up, the others down
        StraightThrough.backward(tc, new float[] {-1f, 0.3f, 0.3f, 0.3f}, gChip);
        StraightThrough.backward(tf, new float[] {-1f, 0.3f, 0.3f, 0.3f}, gFp32);
      }
      for (int k = 0; k < layers.size(); k++) {
        assertThat(cosine(gChip.weights(k), gFp32.weights(k)))
            .as("%s layer %d", mode, k)
            .isGreaterThan(0.98);
      }
    }
  }

  private static double cosine(float[] a, float[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int j = 0; j < a.length; j++) {
      ab += a[j] * b[j];
      aa += a[j] * a[j];
      bb += b[j] * b[j];
    }
    return ab / Math.sqrt(aa * bb);
  }

  @Test
  void aNetworkTrainedThroughTheChipLearnsTheTask() {
    Random random = new Random(3);
    int in = 6;
    List<DenseLayer> teacher = Nets.random(random, in, 24, 3);
    FloatNetwork t = new FloatNetwork(teacher);
    float[][] xs = Nets.gaussian(random, 1500, in);
    int[] labels = new int[xs.length];
    for (int s = 0; s < xs.length; s++) {
      labels[s] = Decisions.argmax(t.forward(xs[s]));
    }
    List<DenseLayer> student = Nets.random(new Random(4), in, 24, 3);
    Calibration c = Quantizer.calibrate(teacher, xs, CalibrationMethod.minMax());
    ChipArithmetic chip = new ChipArithmetic(Rounding.TOWARD_ZERO, true);
    double before = accuracy(student, c, chip, xs, labels);
    Gradients g = Gradients.zerosLike(student);
    float lr = 0.1f;
    int batch = 25;
    for (int epoch = 0; epoch < 4; epoch++) {
      for (int b0 = 0; b0 < xs.length; b0 += batch) {
        ChipRuntime rt =
            new ChipRuntime(Quantizer.quantize(student, c, chip, WeightGranularity.PER_CHANNEL));
        g.clear();
        for (int s = b0; s < b0 + batch; s++) {
          ForwardTrace tr = rt.trace(xs[s]);
          StraightThrough.backward(tr, softmaxCrossEntropyGradient(tr.output(), labels[s]), g);
        }
        g.scale(1f / batch);
        for (int k = 0; k < student.size(); k++) {
          axpy(-lr, g.weights(k), student.get(k).weights());
          axpy(-lr, g.bias(k), student.get(k).bias());
        }
      }
    }
    double after = accuracy(student, c, chip, xs, labels);
    assertThat(before).isLessThan(0.6);
    assertThat(after).isGreaterThan(0.85);
  }

  private static double accuracy(
      List<DenseLayer> layers, Calibration c, ChipArithmetic a, float[][] xs, int[] labels) {
    ChipRuntime rt =
        new ChipRuntime(Quantizer.quantize(layers, c, a, WeightGranularity.PER_CHANNEL));
    int ok = 0;
    for (int s = 0; s < xs.length; s++) {
      ok += rt.decide(xs[s]) == labels[s] ? 1 : 0;
    }
    return (double) ok / xs.length;
  }

  private static float[] softmaxCrossEntropyGradient(float[] logits, int label) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : logits) {
      max = Math.max(max, v);
    }
    double z = 0;
    for (float v : logits) {
      z += Math.exp(v - max);
    }
    float[] g = new float[logits.length];
    for (int o = 0; o < logits.length; o++) {
      g[o] = (float) (Math.exp(logits[o] - max) / z) - (o == label ? 1f : 0f);
    }
    return g;
  }

  private static void axpy(float a, float[] x, float[] y) {
    for (int j = 0; j < x.length; j++) {
      y[j] += a * x[j];
    }
  }
}
