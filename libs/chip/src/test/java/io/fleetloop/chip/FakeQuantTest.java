package io.fleetloop.chip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FakeQuantTest {

  @Test
  void fakeQuantizeRoundsHalfToEvenInFloat() {
    assertThat(FakeQuant.fakeQuantize(0.5f, 1f, 0, -128, 127)).isEqualTo(0f);
    assertThat(FakeQuant.fakeQuantize(1.5f, 1f, 0, -128, 127)).isEqualTo(2f);
    assertThat(FakeQuant.fakeQuantize(2.5f, 1f, 0, -128, 127)).isEqualTo(2f);
    assertThat(FakeQuant.fakeQuantize(-1.5f, 1f, 0, -128, 127)).isEqualTo(-2f);
    assertThat(FakeQuant.fakeQuantize(-2.5f, 1f, 0, -128, 127)).isEqualTo(-2f);
    assertThat(FakeQuant.fakeQuantize(300f, 1f, 0, -128, 127)).isEqualTo(127f);
    assertThat(FakeQuant.fakeQuantize(-1f, 0.5f, -128, -128, 127)).isEqualTo(0f); // ReLU range
    assertThat(FakeQuant.fakeQuantize(0.3f, 0.25f, 4, -128, 127)).isEqualTo(0.25f);
  }

  @Test
  void theReciprocalMakesTheSimulationDisagreeWithTheChipNearTies() {
    // 0.875f / 0.05f = 17.4999997... exactly; the simulation computes 0.875f * (1 / 0.05f) in
    // float, which is 17.5, a tie it rounds to 18. The chip (HalfEven, exact) says 17.
    float x = 0.875f;
    float s = 0.05f;
    assertThat(Rounding.HALF_EVEN.quantize(x, s, 0, -128, 127)).isEqualTo(17);
    assertThat(FakeQuant.fakeQuantize(x, s, 0, -128, 127)).isEqualTo(18 * s);
    // 1.875f / 0.05f = 37.4999994...: chip 37, simulation 37.5 -> 38
    assertThat(Rounding.HALF_EVEN.quantize(1.875f, s, 0, -128, 127)).isEqualTo(37);
    assertThat(FakeQuant.fakeQuantize(1.875f, s, 0, -128, 127)).isEqualTo(38 * s);
  }

  @Test
  void simulatedWeightsAreTheChipsWeightsAlmostAlways() {
    Random random = new Random(3);
    List<DenseLayer> layers = Nets.random(random, 32, 32, 32);
    int same = 0;
    int total = 0;
    for (DenseLayer l : layers) {
      float[] fq = FakeQuant.fakeQuantizeWeights(l, WeightGranularity.PER_CHANNEL);
      QuantParams p = new QuantParams(0.01f, 0);
      float[] chip =
          Quantizer.quantizeLayer(l, p, p, WeightGranularity.PER_CHANNEL).dequantizedWeights();
      for (int j = 0; j < fq.length; j++) {
        total++;
        same += fq[j] == chip[j] ? 1 : 0;
      }
    }
    assertThat(same).isGreaterThan(total * 99 / 100);
  }

  @Test
  void traceMatchesForward() {
    Random random = new Random(5);
    List<DenseLayer> layers = Nets.random(random, 6, 10, 3);
    Calibration c =
        Quantizer.calibrate(layers, Nets.gaussian(random, 100, 6), CalibrationMethod.minMax());
    FakeQuant fq = new FakeQuant(layers, c, WeightGranularity.PER_CHANNEL);
    int zeroMasks = 0;
    for (float[] x : Nets.gaussian(random, 200, 6)) {
      ForwardTrace t = fq.trace(x);
      assertThat(t.output()).containsExactly(fq.forward(x));
      assertThat(t.decision()).isEqualTo(fq.decide(x));
      LayerTrace hidden = t.layers().get(0);
      for (int o = 0; o < hidden.out(); o++) {
        assertThat(hidden.output()[o]).isGreaterThanOrEqualTo(0f);
        // a positive output had a positive pre-activation: the ReLU passes its gradient
        if (hidden.output()[o] > 0f && hidden.codes()[o] < 127) {
          assertThat(hidden.gradMask()[o]).isEqualTo(1f);
        }
        zeroMasks += hidden.gradMask()[o] == 0f ? 1 : 0;
      }
    }
    assertThat(zeroMasks).as("some ReLUs are off").isPositive();
  }

  @Test
  void biasStaysFloatInTheSimulation() {
    // One weight 1 (scale 1/127), input 0: the output is the bias alone. The chip quantizes the
    // bias at accumulator scale s_in * s_w; the simulation adds it in float.
    List<DenseLayer> layers =
        List.of(Nets.dense(new float[][] {{1f}}, new float[] {0.3f}, Activation.NONE));
    Calibration c = new Calibration(List.of(new QuantParams(0.5f, 0), new QuantParams(0.004f, 0)));
    FakeQuant fq = new FakeQuant(layers, c, WeightGranularity.PER_CHANNEL);
    // simulation: 0.3 / 0.004 = 75 -> 75 * 0.004
    assertThat(fq.forward(new float[] {0f})[0]).isEqualTo(75 * 0.004f);
    QuantizedModel m =
        Quantizer.quantize(layers, c, ChipArithmetic.defaults(), WeightGranularity.PER_CHANNEL);
    // chip: bias = round(0.3 / (0.5 / 127)) = round(76.2) = 76 at scale 0.5/127 = 0.0039370...;
    // requantized: 76 * 0.0039370 / 0.004 = 74.80 -> 75. Same code here, a different path.
    assertThat(m.layers().get(0).bias()).containsExactly(76);
    assertThat(new ChipRuntime(m).forward(new float[] {0f})).containsExactly(75);
  }
}
