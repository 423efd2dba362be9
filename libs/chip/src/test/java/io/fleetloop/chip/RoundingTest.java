package io.fleetloop.chip;

import static io.fleetloop.chip.Rounding.HALF_AWAY_FROM_ZERO;
import static io.fleetloop.chip.Rounding.HALF_EVEN;
import static io.fleetloop.chip.Rounding.TOWARD_ZERO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RoundingTest {

  /** {value, n, HalfEven, HalfAwayFromZero, TowardZero}: hand-computed. */
  private static final long[][] SHIFTS = {
    // ties at .5, both signs
    {1, 1, 0, 1, 0}, // 0.5
    {-1, 1, 0, -1, 0}, // -0.5
    {3, 1, 2, 2, 1}, // 1.5
    {-3, 1, -2, -2, -1}, // -1.5
    {5, 1, 2, 3, 2}, // 2.5
    {-5, 1, -2, -3, -2}, // -2.5
    {10, 2, 2, 3, 2}, // 2.5 with n = 2
    {-10, 2, -2, -3, -2}, // -2.5
    {14, 2, 4, 4, 3}, // 3.5
    {-14, 2, -4, -4, -3}, // -3.5
    // not ties
    {7, 2, 2, 2, 1}, // 1.75
    {-7, 2, -2, -2, -1}, // -1.75
    {5, 2, 1, 1, 1}, // 1.25
    {-5, 2, -1, -1, -1}, // -1.25
    {-1, 4, 0, 0, 0}, // -0.0625
    {1, 4, 0, 0, 0},
    {15, 4, 1, 1, 0}, // 0.9375
    {-15, 4, -1, -1, 0},
    // exact
    {-8, 2, -2, -2, -2},
    {0, 17, 0, 0, 0},
    // shift edge cases
    {-123, 0, -123, -123, -123},
    {Long.MIN_VALUE, 63, -1, -1, -1}, // exactly -1
    {Long.MAX_VALUE, 63, 1, 1, 0}, // 1 - 2^-63
    {1L << 62, 63, 0, 1, 0}, // 0.5
    {-(1L << 62), 63, 0, -1, 0}, // -0.5
    {3L << 61, 63, 1, 1, 0}, // 0.75
    {Long.MIN_VALUE, 64, 0, 0, 0}, // -0.5 is not reachable beyond 63: |v| < 2^63 <= 2^(n-1)
    {Long.MAX_VALUE, 100, 0, 0, 0},
    {Long.MIN_VALUE, 1, Long.MIN_VALUE / 2, Long.MIN_VALUE / 2, Long.MIN_VALUE / 2},
    {Long.MAX_VALUE, 1, 1L << 62, 1L << 62, (1L << 62) - 1}, // 2^62 - 0.5
  };

  @Test
  void shiftRightMatchesHandComputedValues() {
    for (long[] c : SHIFTS) {
      int n = (int) c[1];
      assertThat(HALF_EVEN.shiftRight(c[0], n)).as("HalfEven %d >> %d", c[0], n).isEqualTo(c[2]);
      assertThat(HALF_AWAY_FROM_ZERO.shiftRight(c[0], n))
          .as("HalfAwayFromZero %d >> %d", c[0], n)
          .isEqualTo(c[3]);
      assertThat(TOWARD_ZERO.shiftRight(c[0], n))
          .as("TowardZero %d >> %d", c[0], n)
          .isEqualTo(c[4]);
    }
  }

  @Test
  void negativeShiftIsRejected() {
    assertThatThrownBy(() -> HALF_EVEN.shiftRight(1, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shiftRightEqualsExactDecimalRounding() {
    Random random = new Random(7);
    for (int t = 0; t < 20_000; t++) {
      int n = random.nextInt(64);
      long v = random.nextLong() >> random.nextInt(64);
      if (t % 3 == 0 && n > 0) {
        v = ((random.nextLong() >> random.nextInt(40)) | 1L) << (n - 1); // a tie when v's bit set
      }
      for (Rounding r : Rounding.values()) {
        assertThat(r.shiftRight(v, n)).as("%s %d >> %d", r, v, n).isEqualTo(reference(v, n, r));
      }
    }
  }

  private static long reference(long v, int n, Rounding r) {
    BigDecimal exact =
        new BigDecimal(BigInteger.valueOf(v)).divide(new BigDecimal(BigInteger.TWO.pow(n)));
    return exact.setScale(0, javaMode(r)).longValueExact();
  }

  static RoundingMode javaMode(Rounding r) {
    switch (r) {
      case HALF_EVEN:
        return RoundingMode.HALF_EVEN;
      case HALF_AWAY_FROM_ZERO:
        return RoundingMode.HALF_UP; // BigDecimal's HALF_UP is half away from zero
      default:
        return RoundingMode.DOWN; // toward zero
    }
  }

  @Test
  void roundDoubleOnTiesAndEdges() {
    double[][] cases = {
      // value, HalfEven, HalfAwayFromZero, TowardZero
      {0.5, 0, 1, 0},
      {-0.5, 0, -1, 0},
      {1.5, 2, 2, 1},
      {-1.5, -2, -2, -1},
      {2.5, 2, 3, 2},
      {-2.5, -2, -3, -2},
      {2.4999999999999996, 2, 2, 2},
      {-0.49999999999999994, 0, 0, 0},
      {127.5, 128, 128, 127},
      {-128.5, -128, -129, -128},
      {0x1p51 + 0.5, 0x1p51, 0x1p51 + 1, 0x1p51},
      {0x1p52 + 1, 0x1p52 + 1, 0x1p52 + 1, 0x1p52 + 1},
      {Double.MIN_VALUE, 0, 0, 0},
      {-0.0, 0, 0, 0},
      {1e300, 0x1p62, 0x1p62, 0x1p62},
      {Double.NEGATIVE_INFINITY, -0x1p62, -0x1p62, -0x1p62},
    };
    for (double[] c : cases) {
      assertThat(HALF_EVEN.round(c[0])).as("HalfEven %s", c[0]).isEqualTo((long) c[1]);
      assertThat(HALF_AWAY_FROM_ZERO.round(c[0])).as("HalfAway %s", c[0]).isEqualTo((long) c[2]);
      assertThat(TOWARD_ZERO.round(c[0])).as("TowardZero %s", c[0]).isEqualTo((long) c[3]);
      for (Rounding r : Rounding.values()) {
        assertThat(r.roundByBits(c[0])).as("%s %s by bits", r, c[0]).isEqualTo(r.round(c[0]));
      }
    }
    assertThatThrownBy(() -> HALF_EVEN.round(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void roundDoubleEqualsExactDecimalRounding() {
    Random random = new Random(11);
    for (int t = 0; t < 10_000; t++) {
      double d = (random.nextDouble() - 0.5) * Math.scalb(1.0, random.nextInt(70) - 8);
      if (t % 4 == 0) {
        d = Math.floor(d) + 0.5; // ties
      } else if (t % 4 == 1) {
        d = (t % 8 == 1) ? Math.nextUp(Math.floor(d) + 0.5) : Math.nextDown(Math.floor(d) + 0.5);
      }
      if (Math.abs(d) >= 0x1p62) {
        continue;
      }
      for (Rounding r : Rounding.values()) {
        long expected = new BigDecimal(d).setScale(0, javaMode(r)).longValueExact();
        assertThat(r.round(d)).as("%s %s", r, d).isEqualTo(expected);
        assertThat(r.roundByBits(d)).as("%s %s by bits", r, d).isEqualTo(expected);
      }
    }
  }

  @Test
  void floatQuantizationOnTies() {
    // x / s = 0.5, -0.5, 2.5, -2.5 exactly; zero point 3
    assertThat(HALF_EVEN.quantize(0.125f, 0.25f, 3, -128, 127)).isEqualTo(3);
    assertThat(HALF_AWAY_FROM_ZERO.quantize(0.125f, 0.25f, 3, -128, 127)).isEqualTo(4);
    assertThat(TOWARD_ZERO.quantize(0.125f, 0.25f, 3, -128, 127)).isEqualTo(3);
    assertThat(HALF_EVEN.quantize(-0.125f, 0.25f, 3, -128, 127)).isEqualTo(3);
    assertThat(HALF_AWAY_FROM_ZERO.quantize(-0.125f, 0.25f, 3, -128, 127)).isEqualTo(2);
    assertThat(TOWARD_ZERO.quantize(-0.125f, 0.25f, 3, -128, 127)).isEqualTo(3);
    assertThat(HALF_EVEN.quantize(-0.625f, 0.25f, 0, -128, 127)).isEqualTo(-2);
    assertThat(HALF_AWAY_FROM_ZERO.quantize(-0.625f, 0.25f, 0, -128, 127)).isEqualTo(-3);
    assertThat(TOWARD_ZERO.quantize(-0.625f, 0.25f, 0, -128, 127)).isEqualTo(-2);
    // saturation, infinities, NaN
    assertThat(HALF_EVEN.quantize(1000f, 0.25f, 0, -128, 127)).isEqualTo(127);
    assertThat(HALF_EVEN.quantize(-1000f, 0.25f, 0, -128, 127)).isEqualTo(-128);
    assertThat(HALF_EVEN.quantize(Float.POSITIVE_INFINITY, 0.25f, 0, -128, 127)).isEqualTo(127);
    assertThat(HALF_EVEN.quantize(Float.NEGATIVE_INFINITY, 0.25f, 0, -128, 127)).isEqualTo(-128);
    assertThat(HALF_EVEN.quantize(Float.NaN, 0.25f, -7, -128, 127)).isEqualTo(-7);
    // the zero point is added after rounding, then the sum is clamped
    assertThat(HALF_EVEN.quantize(31.75f, 0.25f, 2, -128, 127)).isEqualTo(127); // 127 + 2
  }

  @Test
  void floatQuantizationEqualsExactRationalRounding() {
    // The double quotient of two floats never turns a non-tie into a tie (nor the reverse) below
    // 2^27: docs/chip-arithmetic.md §2. Checked against exact rational arithmetic.
    Random random = new Random(3);
    for (int t = 0; t < 4_000; t++) {
      float s = (float) Math.scalb(1.0 + random.nextDouble(), -random.nextInt(20));
      float x = (float) ((random.nextDouble() - 0.5) * 300 * s);
      if (t % 2 == 0) {
        x = (float) ((Math.floor(x / s) + 0.5) * s); // near or at ties
      }
      int z = random.nextInt(256) - 128;
      // 200 significant digits: a quotient of floats below 2^27 that is not a tie lies at least
      // 2^-26 away from one, so this decides ties exactly
      BigDecimal quotient =
          new BigDecimal(x).divide(new BigDecimal(s), new MathContext(200, RoundingMode.HALF_EVEN));
      for (Rounding r : Rounding.values()) {
        long rounded = quotient.setScale(0, javaMode(r)).longValueExact();
        long expected = Math.max(-128, Math.min(127, rounded + z));
        assertThat(r.quantize(x, s, z, -128, 127))
            .as("%s %s / %s", r, x, s)
            .isEqualTo((int) expected);
      }
    }
  }

  @Test
  void specNamesRoundTrip() {
    for (Rounding r : Rounding.values()) {
      assertThat(Rounding.fromSpec(r.specName())).isEqualTo(r);
    }
    assertThat(Rounding.fromSpec("HalfEven")).isEqualTo(HALF_EVEN);
    assertThatThrownBy(() -> Rounding.fromSpec("Floor"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HalfEven, HalfAwayFromZero or TowardZero");
  }
}
