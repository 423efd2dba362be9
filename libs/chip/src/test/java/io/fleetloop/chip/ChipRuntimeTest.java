package io.fleetloop.chip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChipRuntimeTest {

  // ------------------------------------------------------------------ pinned vectors

  @Test
  void workedExampleCompilesToThePinnedIntegers() {
    QuantizedModel m = Nets.workedExampleModel(Rounding.HALF_EVEN);
    assertThat(m.input()).isEqualTo(new QuantParams(0.009803921915590763f, -26));
    assertThat(m.layers().get(0).output()).isEqualTo(new QuantParams(0.007843137718737125f, -128));
    assertThat(m.output()).isEqualTo(new QuantParams(0.01764705963432789f, 14));

    QuantizedLayer l1 = m.layers().get(0);
    assertThat(l1.weights()).containsExactly(127, -56, 35, -64, 32, 127);
    assertThat(l1.weightScales()).containsExactly(0.007086614146828651f, 0.009448818862438202f);
    assertThat(l1.bias()).containsExactly(1439, -540);
    assertThat(l1.multipliers()).containsExactly(1217471011, 1623294681);
    assertThat(l1.shifts()).containsExactly(-6, -6);
    assertThat(l1.activationMin()).isEqualTo(-128);

    QuantizedLayer l2 = m.layers().get(1);
    assertThat(l2.weights()).containsExactly(127, -81, -79, 127);
    assertThat(l2.bias()).containsExactly(294, -607);
    assertThat(l2.multipliers()).containsExactly(2116295367, 1539123903);
    assertThat(l2.shifts()).containsExactly(-8, -8);
  }

  /** {x0, x1, x2} -> per mode {input codes, hidden codes, output codes}; from tools reference. */
  @Test
  void workedExampleOutputsArePinnedForEachRoundingMode() {
    float[][] inputs = {{0.8f, -0.45f, 0.3f}, {-1.0f, 1.5f, 0.7f}, {0.33f, 0.1f, -0.9f}};
    int[][][] he = {
      {{56, -72, 5}, {9, -128}, {82, -18}},
      {{-128, 127, 45}, {-128, 107}, {-58, 96}},
      {{8, -16, -118}, {-110, -128}, {24, 8}},
    };
    int[][][] tz = {
      {{55, -71, 4}, {7, -128}, {81, -17}},
      {{-127, 126, 45}, {-128, 105}, {-57, 95}},
      {{7, -16, -117}, {-112, -128}, {22, 9}},
    };
    assertPinned(Rounding.HALF_EVEN, inputs, he);
    assertPinned(Rounding.HALF_AWAY_FROM_ZERO, inputs, he); // no ties on these vectors
    assertPinned(Rounding.TOWARD_ZERO, inputs, tz);
  }

  private static void assertPinned(Rounding mode, float[][] inputs, int[][][] expected) {
    ChipRuntime chip = new ChipRuntime(Nets.workedExampleModel(mode));
    for (int s = 0; s < inputs.length; s++) {
      byte[] q = new byte[3];
      chip.quantizeInput(inputs[s], 0, q, 0);
      assertThat(q).as("%s input %d", mode, s).containsExactly(toBytes(expected[s][0]));
      ForwardTrace t = chip.trace(inputs[s]);
      assertThat(t.layers().get(0).codes())
          .as("%s hidden %d", mode, s)
          .containsExactly(toBytes(expected[s][1]));
      assertThat(chip.forward(inputs[s]))
          .as("%s output %d", mode, s)
          .containsExactly(toBytes(expected[s][2]));
      assertThat(t.codes()).containsExactly(toBytes(expected[s][2]));
    }
  }

  @Test
  void workedExampleIntermediatesAsDocumented() {
    // docs/chip-arithmetic.md §5, first output channel of layer 1 for x = (0.8, -0.45, 0.3)
    QuantizedLayer l1 = Nets.workedExampleModel(Rounding.HALF_EVEN).layers().get(0);
    int acc = 1439 + 127 * (56 + 26) + (-56) * (-72 + 26) + 35 * (5 + 26);
    assertThat(acc).isEqualTo(15514);
    long product = (long) acc * l1.multipliers()[0];
    assertThat(product).isEqualTo(18887845264654L);
    assertThat(Rounding.HALF_EVEN.shiftRight(product, 37)).isEqualTo(137); // 137.42...
    assertThat(137 + l1.output().zeroPoint()).isEqualTo(9);
  }

  static byte[] toBytes(int... v) {
    byte[] b = new byte[v.length];
    for (int k = 0; k < v.length; k++) {
      b[k] = (byte) v[k];
    }
    return b;
  }

  // ------------------------------------------------------------------ rounding modes on ties

  /**
   * All scales powers of two so the requantization multiplier is exactly 0.5 (M0 = 2^30, shift 0):
   * an odd accumulator is a tie.
   */
  static QuantizedModel tieModel(Rounding mode) {
    QuantizedLayer layer =
        new QuantizedLayer(
            2,
            3,
            toBytes(1, 0, 1, 2, -1, 0),
            new float[] {0x1p-6f, 0x1p-6f, 0x1p-6f},
            new int[] {0, 0, 0},
            new QuantParams(0x1p-4f, 0),
            new QuantParams(0x1p-11f, 0),
            new int[] {1 << 30, 1 << 30, 1 << 30},
            new int[] {0, 0, 0},
            Activation.NONE);
    return new QuantizedModel(new ChipArithmetic(mode, true), List.of(layer));
  }

  @Test
  void theThreeRoundingModesDifferOnConstructedTies() {
    byte[] x = toBytes(5, -3);
    // acc0 = 1*5 = 5 -> 2.5 ; acc1 = 1*5 + 2*(-3) = -1 -> -0.5 ; acc2 = -1*5 = -5 -> -2.5
    assertThat(new ChipRuntime(tieModel(Rounding.HALF_EVEN)).forward(x))
        .containsExactly(toBytes(2, 0, -2));
    assertThat(new ChipRuntime(tieModel(Rounding.HALF_AWAY_FROM_ZERO)).forward(x))
        .containsExactly(toBytes(3, -1, -3));
    assertThat(new ChipRuntime(tieModel(Rounding.TOWARD_ZERO)).forward(x))
        .containsExactly(toBytes(2, 0, -2));
    // x = (7, 2): 3.5, 5.5, -3.5
    byte[] y = toBytes(7, 2);
    assertThat(new ChipRuntime(tieModel(Rounding.HALF_EVEN)).forward(y))
        .containsExactly(toBytes(4, 6, -4));
    assertThat(new ChipRuntime(tieModel(Rounding.HALF_AWAY_FROM_ZERO)).forward(y))
        .containsExactly(toBytes(4, 6, -4));
    assertThat(new ChipRuntime(tieModel(Rounding.TOWARD_ZERO)).forward(y))
        .containsExactly(toBytes(3, 5, -3));
  }

  @Test
  void roundingModesDifferOnRandomNetworksOnlyNearTies() {
    Random random = new Random(21);
    List<DenseLayer> layers = Nets.random(random, 8, 16, 4);
    float[][] cal = Nets.gaussian(random, 200, 8);
    Calibration c = Quantizer.calibrate(layers, cal, CalibrationMethod.minMax());
    ChipRuntime he = runtime(layers, c, Rounding.HALF_EVEN, true);
    ChipRuntime ha = runtime(layers, c, Rounding.HALF_AWAY_FROM_ZERO, true);
    ChipRuntime tz = runtime(layers, c, Rounding.TOWARD_ZERO, true);
    int heVsHa = 0;
    int heVsTz = 0;
    int n = 2000;
    for (float[] x : Nets.gaussian(random, n, 8)) {
      byte[] a = he.forward(x);
      byte[] b = ha.forward(x);
      byte[] t = tz.forward(x);
      for (int o = 0; o < a.length; o++) {
        heVsHa += a[o] != b[o] ? 1 : 0;
        heVsTz += a[o] != t[o] ? 1 : 0;
      }
    }
    // ties are rare on random data; truncation moves about half of all values by one step
    assertThat(heVsHa).isLessThan(n * 4 / 100);
    assertThat(heVsTz).isGreaterThan(n * 4 / 4);
  }

  static ChipRuntime runtime(List<DenseLayer> layers, Calibration c, Rounding r, boolean sat) {
    return new ChipRuntime(
        Quantizer.quantize(layers, c, new ChipArithmetic(r, sat), WeightGranularity.PER_CHANNEL));
  }

  // ------------------------------------------------------------------ saturation vs wrap

  /** One input, one output: weight 127, input zero point -128, the bias as given, M = 2^-24. */
  static QuantizedModel overflowModel(int bias, boolean saturate) {
    QuantizedLayer layer =
        new QuantizedLayer(
            1,
            1,
            toBytes(127),
            new float[] {1f},
            new int[] {bias},
            new QuantParams(1f, -128),
            new QuantParams(1f, 0),
            new int[] {1 << 30},
            new int[] {-23}, // M = 2^30 * 2^(-23-31) = 2^-24
            Activation.NONE);
    return new QuantizedModel(new ChipArithmetic(Rounding.HALF_EVEN, saturate), List.of(layer));
  }

  @Test
  void accumulatorOverflowSaturatesOrWraps() {
    // acc = (2^31 - 100) + 127 * (127 + 128) = 2^31 + 32285: outside int32
    int bias = Integer.MAX_VALUE - 99;
    byte[] x = toBytes(127);
    // saturating: acc = 2^31 - 1 -> (2^31 - 1) / 2^24 = 127.99... -> 128 -> clamped to 127
    assertThat(new ChipRuntime(overflowModel(bias, true)).forward(x)).containsExactly(127);
    // wrapping: acc = -2^31 + 32285 -> -127.998... -> -128
    assertThat(new ChipRuntime(overflowModel(bias, false)).forward(x)).containsExactly(-128);
    // the batch path (blocks of four samples) takes the same checked accumulation
    byte[] five = toBytes(127, -128, 127, 127, 127);
    byte[] out = new byte[5];
    new ChipRuntime(overflowModel(bias, true)).forwardBatch(five, 5, out);
    assertThat(out).containsExactly(127, 127, 127, 127, 127);
    new ChipRuntime(overflowModel(bias, false)).forwardBatch(five, 5, out);
    assertThat(out).containsExactly(-128, 127, -128, -128, -128);
    // in range, both agree: x = -128 (centered 0): acc = bias -> 127.99 -> 127 (clamped)
    assertThat(new ChipRuntime(overflowModel(bias, true)).forward(toBytes(-128)))
        .containsExactly(127);
    assertThat(new ChipRuntime(overflowModel(bias, false)).forward(toBytes(-128)))
        .containsExactly(127);
    // negative side: bias = -2^31 + 10, weight 127, x = -128 + ... use x below zero point? The
    // centered input is >= 0 here, so the product only pushes up: no overflow, same result.
    assertThat(new ChipRuntime(overflowModel(Integer.MIN_VALUE + 10, false)).forward(x))
        .containsExactly(-128);
  }

  @Test
  void saturationIsAppliedAtEveryPartialSumInInputOrder() {
    // bias 2^31 - 11, then +1270 (saturates at 2^31 - 1), then -2540: the exact sum would be
    // 2^31 - 1281, the saturating accumulator ends at 2^31 - 2541.
    QuantizedLayer layer =
        new QuantizedLayer(
            2,
            1,
            toBytes(127, -127),
            new float[] {1f},
            new int[] {Integer.MAX_VALUE - 10},
            new QuantParams(1f, 0),
            new QuantParams(1f, 0),
            new int[] {1 << 30},
            new int[] {30}, // M = 2^30: result = acc * 2^30, then narrowed
            Activation.NONE);
    assertThat(layer.overflowFree(0)).isFalse();
    int saturating =
        ChipRuntime.accumulateSaturating(
            new int[] {127, -127}, 0, new int[] {10, 20}, 0, 2, Integer.MAX_VALUE - 10);
    assertThat(saturating).isEqualTo(Integer.MAX_VALUE - 2540);
    int wrapping =
        ChipRuntime.dot(new int[] {127, -127}, 0, new int[] {10, 20}, 2, Integer.MAX_VALUE - 10);
    assertThat(wrapping).isEqualTo(Integer.MAX_VALUE - 1280);
    // the requantized value (times 2^30) overflows int32 in both modes: clamp to 127 or wrap
    ChipRuntime sat =
        new ChipRuntime(
            new QuantizedModel(new ChipArithmetic(Rounding.HALF_EVEN, true), List.of(layer)));
    ChipRuntime wrap =
        new ChipRuntime(
            new QuantizedModel(new ChipArithmetic(Rounding.HALF_EVEN, false), List.of(layer)));
    assertThat(sat.forward(toBytes(10, 20))).containsExactly(127);
    // wrapping keeps the low 32 bits of acc * 2^30
    long wrapped = (int) ((long) (Integer.MAX_VALUE - 1280) << 30);
    int expected = (int) Math.max(-128, Math.min(127, wrapped));
    assertThat(wrap.forward(toBytes(10, 20))).containsExactly(expected);
  }

  @Test
  void zeroPointAddSaturatesOrWraps() {
    // requantized value 2^31 - 1 (M = 2^30, acc large), zero point +5
    QuantizedLayer layer =
        new QuantizedLayer(
            1,
            1,
            toBytes(1),
            new float[] {1f},
            new int[] {Integer.MAX_VALUE / 2},
            new QuantParams(1f, 0),
            new QuantParams(1f, 5),
            new int[] {Integer.MAX_VALUE},
            new int[] {30},
            Activation.NONE);
    assertThat(
            ChipRuntime.requantize(
                Integer.MAX_VALUE / 2, Integer.MAX_VALUE, 30, 5, Rounding.HALF_EVEN, true))
        .isEqualTo(Integer.MAX_VALUE);
    assertThat(ChipRuntime.requantize(1, Integer.MAX_VALUE, 30, 5, Rounding.HALF_EVEN, true))
        .isEqualTo(Integer.MAX_VALUE / 2 + 1 + 5); // (2^31 - 1) / 2 = 2^30 - 0.5 -> 2^30 (even)
    assertThat(
            ChipRuntime.requantize(
                Integer.MAX_VALUE / 2, Integer.MAX_VALUE, 30, 5, Rounding.HALF_EVEN, false))
        .isLessThan(0);
    ChipRuntime sat =
        new ChipRuntime(
            new QuantizedModel(new ChipArithmetic(Rounding.HALF_EVEN, true), List.of(layer)));
    ChipRuntime wrap =
        new ChipRuntime(
            new QuantizedModel(new ChipArithmetic(Rounding.HALF_EVEN, false), List.of(layer)));
    assertThat(sat.forward(toBytes(0))).containsExactly(127);
    assertThat(wrap.forward(toBytes(0))).containsExactly(-128);
  }

  @Test
  void activationsAlwaysSaturateToInt8AndReluClampsAtTheZeroPoint() {
    QuantizedModel m =
        Nets.workedExampleModel(Rounding.HALF_EVEN)
            .withArithmetic(new ChipArithmetic(Rounding.HALF_EVEN, false));
    ChipRuntime chip = new ChipRuntime(m);
    Random random = new Random(2);
    for (int t = 0; t < 1000; t++) {
      byte[] x = new byte[3];
      random.nextBytes(x);
      ForwardTrace trace = chip.trace(x);
      for (byte h : trace.layers().get(0).codes()) {
        assertThat((int) h).isGreaterThanOrEqualTo(m.layers().get(0).output().zeroPoint());
      }
    }
    // h0 = 0.9 * 1.5 + 0.4 + 0.25 * 1.5 + 0.1 = 2.225, beyond the hidden range [0, 2]: the code
    // saturates at 127 (it does not wrap, even on a wrapping chip) and the clipped STE mask is 0
    ForwardTrace t = chip.trace(new float[] {1.5f, -1f, 1.5f});
    assertThat(t.layers().get(0).codes()[0]).isEqualTo((byte) 127);
    assertThat(t.layers().get(0).gradMask()[0]).isZero();
    // far outside the input range the input stage clamps
    byte[] q = new byte[3];
    chip.quantizeInput(new float[] {100f, -100f, Float.NaN}, 0, q, 0);
    assertThat(q).containsExactly(127, -128, -26);
  }

  // ------------------------------------------------------------------ properties

  @Test
  void requantizationIsWithinOneLsbOfExactRealArithmetic() {
    // Per channel: the chip's result vs round(acc * real multiplier) + z computed in exact
    // decimal: the Q31 multiplier's relative error is below 2^-31, so at most 1 LSB apart, and
    // for the round-to-nearest modes only where the real value is within that error of a tie.
    Random random = new Random(17);
    List<DenseLayer> layers = Nets.random(random, 24, 32, 6);
    Calibration c =
        Quantizer.calibrate(layers, Nets.gaussian(random, 300, 24), CalibrationMethod.minMax());
    for (Rounding mode : Rounding.values()) {
      QuantizedModel m =
          Quantizer.quantize(
              layers, c, new ChipArithmetic(mode, true), WeightGranularity.PER_CHANNEL);
      QuantizedLayer l = m.layers().get(0);
      int differ = 0;
      for (int t = 0; t < 2000; t++) {
        int acc = random.nextInt(1 << 20) - (1 << 19);
        int o = random.nextInt(l.out());
        double real =
            Quantizer.requantizationMultiplier(
                l.input().scale(), l.weightScales()[o], l.output().scale());
        long exact =
            new java.math.BigDecimal(acc)
                .multiply(new java.math.BigDecimal(real))
                .setScale(0, RoundingTest.javaMode(mode))
                .longValueExact();
        long chip = l.multiplier(o).apply(acc, mode);
        assertThat(Math.abs(chip - exact)).isLessThanOrEqualTo(1);
        differ += chip != exact ? 1 : 0;
      }
      assertThat(differ).as("%s", mode).isLessThan(20);
    }
  }

  @Test
  void chipIsWithinTwoLsbOfTheFloatSimulationOnRandomData() {
    Random random = new Random(23);
    List<DenseLayer> layers = Nets.random(random, 16, 48, 48, 5);
    Calibration c =
        Quantizer.calibrate(layers, Nets.gaussian(random, 500, 16), CalibrationMethod.minMax());
    ChipRuntime chip = runtime(layers, c, Rounding.HALF_EVEN, true);
    FakeQuant fq = new FakeQuant(layers, c, WeightGranularity.PER_CHANNEL);
    QuantParams out = c.output(layers.size() - 1);
    int total = 0;
    int exact = 0;
    for (float[] x : Nets.gaussian(random, 2000, 16)) {
      byte[] y = chip.forward(x);
      float[] f = fq.forward(x);
      for (int o = 0; o < y.length; o++) {
        int code = Math.round(f[o] / out.scale()) + out.zeroPoint();
        int d = Math.abs(code - y[o]);
        assertThat(d).isLessThanOrEqualTo(2);
        total++;
        exact += d == 0 ? 1 : 0;
      }
    }
    assertThat((double) exact / total).isGreaterThan(0.9);
  }

  @Test
  void chipDequantizedOutputTracksFp32() {
    Random random = new Random(29);
    List<DenseLayer> layers = Nets.random(random, 16, 48, 48, 5);
    float[][] cal = Nets.gaussian(random, 500, 16);
    QuantizedModel m = Quantizer.quantize(layers, cal, ChipArithmetic.defaults());
    ChipRuntime chip = new ChipRuntime(m);
    FloatNetwork fp32 = new FloatNetwork(layers);
    double sumSq = 0;
    int agree = 0;
    int n = 1000;
    float range = m.output().max() - m.output().min();
    for (float[] x : Nets.gaussian(random, n, 16)) {
      float[] y = chip.dequantize(chip.forward(x));
      float[] r = fp32.forward(x);
      for (int o = 0; o < y.length; o++) {
        sumSq += (y[o] - r[o]) * (y[o] - r[o]);
      }
      agree += Decisions.argmax(y) == Decisions.argmax(r) ? 1 : 0;
    }
    double rms = Math.sqrt(sumSq / (n * 5));
    assertThat(rms / range).as("rms error relative to the output range").isLessThan(0.02);
    assertThat(agree).isGreaterThan(n * 95 / 100);
  }

  @Test
  void theBatchRequantizationIsTheOneSampleRequantization() {
    Random random = new Random(43);
    int[] acc = new int[64];
    byte[] dst = new byte[64];
    for (int t = 0; t < 3000; t++) {
      for (int s = 0; s < acc.length; s++) {
        int kind = random.nextInt(4);
        acc[s] =
            kind == 0
                ? random.nextInt()
                : kind == 1
                    ? (random.nextBoolean() ? Integer.MAX_VALUE : Integer.MIN_VALUE)
                    : random.nextInt(1 << 20) - (1 << 19);
      }
      int shift = random.nextInt(62) - 31;
      int multiplier = random.nextInt(4) == 0 ? 1 << 30 : (1 << 30) + random.nextInt(1 << 30);
      int zOut = random.nextInt(256) - 128;
      int lo = random.nextBoolean() ? -128 : zOut;
      for (Rounding mode : Rounding.values()) {
        for (boolean sat : new boolean[] {true, false}) {
          ChipRuntime.requantizeChunk(acc, 64, multiplier, shift, zOut, lo, 127, mode, sat, dst, 0);
          for (int s = 0; s < 64; s++) {
            int v = ChipRuntime.requantize(acc[s], multiplier, shift, zOut, mode, sat);
            int expected = Math.max(lo, Math.min(127, v));
            assertThat(dst[s]).isEqualTo((byte) expected);
          }
        }
      }
    }
  }

  @Test
  void checkedAndFastAccumulationAgreeWhenNothingOverflows() {
    Random random = new Random(31);
    for (int t = 0; t < 2000; t++) {
      int in = 1 + random.nextInt(64);
      int[] w = new int[in];
      int[] c = new int[in];
      for (int i = 0; i < in; i++) {
        w[i] = random.nextInt(255) - 127;
        c[i] = random.nextInt(511) - 255;
      }
      int bias = random.nextInt(1 << 24) - (1 << 23);
      assertThat(ChipRuntime.accumulateSaturating(w, 0, c, 0, in, bias))
          .isEqualTo(ChipRuntime.dot(w, 0, c, in, bias));
    }
  }

  @Test
  void traceBatchAndSingleForwardsAgree() {
    Random random = new Random(37);
    List<DenseLayer> layers = Nets.random(random, 12, 20, 20, 3);
    Calibration c =
        Quantizer.calibrate(
            layers, Nets.gaussian(random, 100, 12), CalibrationMethod.percentile(99.0));
    for (Rounding mode : Rounding.values()) {
      for (boolean sat : new boolean[] {true, false}) {
        ChipRuntime chip = runtime(layers, c, mode, sat);
        int n = 150; // blocks of four and a tail of two; decideBatch: pieces of 64
        float[][] xs = Nets.gaussian(random, n, 12);
        float[] flat = new float[n * 12];
        for (int s = 0; s < n; s++) {
          for (int i = 0; i < 12; i++) {
            flat[s * 12 + i] = xs[s][i] * 3; // beyond the calibrated range too
            xs[s][i] *= 3;
          }
        }
        byte[] batch = new byte[n * 3];
        chip.forwardBatch(flat, n, batch);
        byte[] codes = new byte[n * 12];
        for (int s = 0; s < n; s++) {
          chip.quantizeInput(flat, s * 12, codes, s * 12);
        }
        byte[] batchFromCodes = new byte[n * 3];
        chip.forwardBatch(codes, n, batchFromCodes);
        assertThat(batchFromCodes).isEqualTo(batch);
        int[] decisions = new int[n];
        chip.decideBatch(flat, n, decisions);
        for (int s = 0; s < n; s++) {
          byte[] one = chip.forward(xs[s]);
          assertThat(chip.trace(xs[s]).codes()).isEqualTo(one);
          assertThat(java.util.Arrays.copyOfRange(batch, s * 3, s * 3 + 3)).isEqualTo(one);
          assertThat(chip.decide(xs[s])).isEqualTo(Decisions.argmax(one));
          assertThat(decisions[s]).isEqualTo(Decisions.argmax(one));
        }
      }
    }
  }

  @Test
  void forwardAllocatesNothing() {
    java.lang.management.ThreadMXBean bean =
        java.lang.management.ManagementFactory.getThreadMXBean();
    if (!(bean instanceof com.sun.management.ThreadMXBean)) {
      return; // not measurable on this JVM
    }
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
    if (!mx.isThreadAllocatedMemorySupported() || !mx.isThreadAllocatedMemoryEnabled()) {
      return;
    }
    Random random = new Random(41);
    List<DenseLayer> layers = Nets.random(random, 16, 32, 4);
    ChipRuntime chip =
        new ChipRuntime(
            Quantizer.quantize(layers, Nets.gaussian(random, 50, 16), ChipArithmetic.defaults()));
    float[] x = new float[16 * 100];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    byte[] y = new byte[4 * 100];
    for (int r = 0; r < 200; r++) {
      chip.forwardBatch(x, 100, y); // warm: class init and JIT compilation may allocate once
    }
    long tid = Thread.currentThread().getId();
    long base0 = mx.getThreadAllocatedBytes(tid);
    long base1 = mx.getThreadAllocatedBytes(tid);
    // the least of five rounds: a one-off allocation by the runtime (a late JIT deoptimisation
    // under load) shows in one round; an allocation per forward would show in every round
    long least = Long.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long before = mx.getThreadAllocatedBytes(tid);
      for (int r = 0; r < 20; r++) {
        chip.forwardBatch(x, 100, y);
      }
      least = Math.min(least, mx.getThreadAllocatedBytes(tid) - before);
    }
    assertThat(least).isLessThanOrEqualTo(Math.max(0, base1 - base0));
  }
}
