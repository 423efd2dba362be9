package io.fleetloop.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantizerTest {

  @Test
  void activationParamsFromRanges() {
    assertThat(QuantParams.fromRange(-1, 1)).isEqualTo(new QuantParams(0.007843137718737125f, -1));
    assertThat(QuantParams.fromRange(0, 6)).isEqualTo(new QuantParams(0.0235294122248888f, -128));
    // widened to contain 0: [-3, 0]
    assertThat(QuantParams.fromRange(-3, -1)).isEqualTo(new QuantParams(0.0117647061124444f, 127));
    assertThat(QuantParams.fromRange(-0.5, 3.2))
        .isEqualTo(new QuantParams(0.014509803615510464f, -94));
    assertThat(QuantParams.fromRange(0, 0)).isEqualTo(new QuantParams(1f, -128));
    assertThatThrownBy(() -> QuantParams.fromRange(1, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QuantParams.fromRange(Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new QuantParams(0f, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new QuantParams(1f, 128)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void zeroIsExactlyRepresentable() {
    Random random = new Random(1);
    for (int t = 0; t < 10_000; t++) {
      double lo = -random.nextDouble() * Math.scalb(1.0, random.nextInt(20) - 10);
      double hi = random.nextDouble() * Math.scalb(1.0, random.nextInt(20) - 10);
      QuantParams p = QuantParams.fromRange(lo, hi);
      assertThat(p.dequantize(p.zeroPoint())).isZero();
      assertThat(p.quantize(0f, Rounding.TOWARD_ZERO)).isEqualTo(p.zeroPoint());
      // the range is covered to within one step at each end
      assertThat((double) p.min()).isLessThanOrEqualTo(lo + p.scale());
      assertThat((double) p.max()).isGreaterThanOrEqualTo(hi - p.scale());
    }
  }

  @Test
  void weightScalesAndWeights() {
    assertThat(Quantizer.weightScale(0f)).isEqualTo(1f);
    assertThat(Quantizer.weightScale(1.27f)).isEqualTo(0.009999999776482582f);
    assertThat(Quantizer.weightScale(0.5f)).isEqualTo(0.003937007859349251f);
    assertThat(Quantizer.quantizeWeight(0.5f, 0.003937007859349251f)).isEqualTo(127);
    assertThat(Quantizer.quantizeWeight(-0.5f, 0.003937007859349251f)).isEqualTo(-127);
    assertThat(Quantizer.quantizeWeight(9f, 0.003937007859349251f)).isEqualTo(127); // clamped
    assertThat(Quantizer.quantizeWeight(-9f, 0.003937007859349251f)).isEqualTo(-127); // never -128
    // the compiler rounds half to even whatever the chip: 2.5 -> 2, 3.5 -> 4, -2.5 -> -2
    assertThat(Quantizer.quantizeWeight(1.25f, 0.5f)).isEqualTo(2);
    assertThat(Quantizer.quantizeWeight(1.75f, 0.5f)).isEqualTo(4);
    assertThat(Quantizer.quantizeWeight(-1.25f, 0.5f)).isEqualTo(-2);
  }

  @Test
  void perChannelAndPerLayerScales() {
    DenseLayer layer =
        Nets.dense(new float[][] {{0.5f, -0.25f}, {2f, 1f}}, new float[] {0f, 0f}, Activation.NONE);
    float[] perChannel = Quantizer.weightScales(layer, WeightGranularity.PER_CHANNEL);
    float[] perLayer = Quantizer.weightScales(layer, WeightGranularity.PER_LAYER);
    assertThat(perChannel).containsExactly(Quantizer.weightScale(0.5f), Quantizer.weightScale(2f));
    assertThat(perLayer).containsExactly(Quantizer.weightScale(2f), Quantizer.weightScale(2f));
    QuantParams p = new QuantParams(0.01f, 0);
    QuantizedLayer pc = Quantizer.quantizeLayer(layer, p, p, WeightGranularity.PER_CHANNEL);
    QuantizedLayer pl = Quantizer.quantizeLayer(layer, p, p, WeightGranularity.PER_LAYER);
    assertThat(pc.weights()).containsExactly(127, -64, 127, 64); // -63.5000002 -> -64
    assertThat(pl.weights()).containsExactly(32, -16, 127, 64); // 31.75 -> 32, -15.875 -> -16
  }

  @Test
  void biasIsInt32AtAccumulatorScaleAndSaturates() {
    // 0.1f / (0.05f * 0.004f) = 499.99997 in double -> 500
    assertThat(Quantizer.quantizeBias(0.1f, 0.05f, 0.004f)).isEqualTo(500);
    assertThat(Quantizer.quantizeBias(-0.1f, 0.05f, 0.004f)).isEqualTo(-500);
    assertThat(Quantizer.quantizeBias(1e6f, 1e-4f, 1e-4f)).isEqualTo(Integer.MAX_VALUE);
    assertThat(Quantizer.quantizeBias(-1e6f, 1e-4f, 1e-4f)).isEqualTo(Integer.MIN_VALUE);
    // ties at accumulator scale go to even: 2.5 -> 2
    assertThat(Quantizer.quantizeBias(0.625f, 0.5f, 0.5f)).isEqualTo(2);
  }

  @Test
  void minMaxCalibrationRecordsEveryTensor() {
    // y = relu(x0 - x1), z = 2y - 1
    List<DenseLayer> layers =
        List.of(
            Nets.dense(new float[][] {{1f, -1f}}, new float[] {0f}, Activation.RELU),
            Nets.dense(new float[][] {{2f}}, new float[] {-1f}, Activation.NONE));
    float[][] samples = {{0f, 0.5f}, {1f, -1f}, {0.25f, 0.25f}};
    Calibration c = Quantizer.calibrate(layers, samples, CalibrationMethod.minMax());
    assertThat(c.input(0)).isEqualTo(QuantParams.fromRange(-1, 1));
    assertThat(c.output(0)).isEqualTo(QuantParams.fromRange(0, 2));
    assertThat(c.output(1)).isEqualTo(QuantParams.fromRange(-1, 3));
  }

  @Test
  void percentileCalibrationClipsOutliers() {
    float[] values = new float[1001];
    for (int k = 0; k < 1000; k++) {
      values[k] = k + 1; // 1 .. 1000
    }
    values[1000] = 1e6f;
    // n = 1001, r = ceil(0.999 * 1001) = 1000: hi = v[999] = 1000, lo = v[1] = 2
    assertThat(CalibrationMethod.percentile(99.9).range(values.clone(), 1001))
        .containsExactly(2.0, 1000.0);
    assertThat(CalibrationMethod.percentile(100).range(values.clone(), 1001))
        .containsExactly(1.0, 1e6);
    assertThat(CalibrationMethod.minMax().range(values.clone(), 1001)).containsExactly(1.0, 1e6);
    assertThatThrownBy(() -> CalibrationMethod.percentile(50))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void calibrationMustMatchTheNetwork() {
    List<DenseLayer> layers = Nets.workedExample();
    Calibration c = new Calibration(List.of(new QuantParams(1f, 0), new QuantParams(1f, 0)));
    assertThatThrownBy(
            () ->
                Quantizer.quantize(
                    layers, c, ChipArithmetic.defaults(), WeightGranularity.PER_CHANNEL))
        .hasMessageContaining("calibration covers 1 layers");
    assertThatThrownBy(
            () ->
                Quantizer.quantize(
                    List.of(layers.get(1), layers.get(0)),
                    Nets.workedExampleCalibration(),
                    ChipArithmetic.defaults(),
                    WeightGranularity.PER_CHANNEL))
        .hasMessageContaining("takes");
  }

  @Test
  void requantizationMultipliersComeFromTheScaleRatio() {
    QuantizedModel m = Nets.workedExampleModel(Rounding.HALF_EVEN);
    for (QuantizedLayer l : m.layers()) {
      for (int o = 0; o < l.out(); o++) {
        double real =
            (double) l.input().scale() * l.weightScales()[o] / (double) l.output().scale();
        assertThat(l.multiplier(o)).isEqualTo(QuantizedMultiplier.of(real));
        assertThat(l.overflowFree(o)).isTrue();
      }
    }
  }
}
