package io.fleetloop.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantizedMultiplierTest {

  private static void assertMultiplier(double real, int multiplier, int shift) {
    QuantizedMultiplier m = QuantizedMultiplier.of(real);
    assertThat(m.multiplier()).as("multiplier of %s", real).isEqualTo(multiplier);
    assertThat(m.shift()).as("shift of %s", real).isEqualTo(shift);
  }

  @Test
  void derivationMatchesTfliteQuantizeMultiplier() {
    // Values TFLite's QuantizeMultiplier (single-rounding build) gives for these doubles.
    assertMultiplier(0.0, 0, 0);
    assertMultiplier(0.5, 1 << 30, 0);
    assertMultiplier(1.0, 1 << 30, 1);
    assertMultiplier(0.25, 1 << 30, -1);
    assertMultiplier(0.75, 1610612736, 0); // 0.75 * 2^31
    assertMultiplier(1.0 / 3.0, 1431655765, -1); // round(2/3 * 2^31) = round(1431655765.33)
    assertMultiplier(0.1, 1717986918, -3); // round(0.8 * 2^31) = round(1717986918.4)
    assertMultiplier(0.3, 1288490189, -1); // round(0.6 * 2^31) = round(1288490188.8)
    assertMultiplier(3.0, 1610612736, 2);
    assertMultiplier(0.0009765625, 1 << 30, -9); // 2^-10
    assertMultiplier(0.0123456789, 1696777188, -6); // round(0.7901234496 * 2^31 = 1696777187.92)
    // rounding the mantissa up to 2^31 halves it and raises the exponent
    assertMultiplier(1.0 - 0x1p-40, 1 << 30, 1);
    assertMultiplier(0.5 - 0x1p-35, 1 << 30, 0);
    // the tie q * 2^31 = n + 0.5 rounds away from zero
    assertMultiplier((0x1p30 + 0.5) / 0x1p31, (1 << 30) + 1, 0);
    // shift range: below -31 flushes to zero, above 30 saturates
    assertMultiplier(0x1p-32, 1 << 30, -31);
    assertMultiplier(0x1p-32 * (1.0 - 0x1p-40), 1 << 30, -31);
    assertMultiplier(0x1p-33, 0, 0);
    assertMultiplier(1e-300, 0, 0);
    assertMultiplier(0x1p29, 1 << 30, 30);
    assertMultiplier(0x1p30, Integer.MAX_VALUE, 30);
    assertMultiplier(1e20, Integer.MAX_VALUE, 30);
  }

  @Test
  void rejectsNegativeAndNonFinite() {
    assertThatThrownBy(() -> QuantizedMultiplier.of(-0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QuantizedMultiplier.of(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QuantizedMultiplier.of(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new QuantizedMultiplier(12345, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new QuantizedMultiplier(1 << 30, 31))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void representsTheRealMultiplierWithin2ToTheMinus31() {
    Random random = new Random(5);
    for (int t = 0; t < 100_000; t++) {
      double real = Math.scalb(0.5 + random.nextDouble() / 2, random.nextInt(50) - 30);
      QuantizedMultiplier m = QuantizedMultiplier.of(real);
      assertThat(m.multiplier()).isBetween(1 << 30, Integer.MAX_VALUE);
      assertThat(Math.abs(m.realValue() - real) / real).isLessThanOrEqualTo(0x1p-31);
    }
  }

  @Test
  void applyRoundsOnceWithTheChipMode() {
    QuantizedMultiplier half = new QuantizedMultiplier(1 << 30, 0); // M = 0.5
    // 3 * 0.5 = 1.5, -3 * 0.5 = -1.5, 5 * 0.5 = 2.5
    assertThat(half.apply(3, Rounding.HALF_EVEN)).isEqualTo(2);
    assertThat(half.apply(3, Rounding.HALF_AWAY_FROM_ZERO)).isEqualTo(2);
    assertThat(half.apply(3, Rounding.TOWARD_ZERO)).isEqualTo(1);
    assertThat(half.apply(-3, Rounding.HALF_EVEN)).isEqualTo(-2);
    assertThat(half.apply(-3, Rounding.HALF_AWAY_FROM_ZERO)).isEqualTo(-2);
    assertThat(half.apply(-3, Rounding.TOWARD_ZERO)).isEqualTo(-1);
    assertThat(half.apply(5, Rounding.HALF_EVEN)).isEqualTo(2);
    assertThat(half.apply(5, Rounding.HALF_AWAY_FROM_ZERO)).isEqualTo(3);
    assertThat(half.apply(-1, Rounding.HALF_EVEN)).isEqualTo(0);
    assertThat(half.apply(-1, Rounding.HALF_AWAY_FROM_ZERO)).isEqualTo(-1);
    // TFLite's single-rounding kernel adds 2^(n-1) then shifts (half up): -0.5 -> 0. Ours is
    // HalfAwayFromZero: -1. One of the places two "int8 chips" disagree.
    assertThat(tfliteSingleRounding(-1, 1 << 30, 0)).isEqualTo(0);
    // the largest shift: M0 = 2^30, shift = -31 is 2^-32; the total right shift is 62
    QuantizedMultiplier tiny = QuantizedMultiplier.of(0x1p-32);
    assertThat(tiny.totalRightShift()).isEqualTo(62);
    assertThat(tiny.apply(Integer.MAX_VALUE, Rounding.HALF_EVEN)).isEqualTo(0); // 0.49999...
    assertThat(tiny.apply(Integer.MIN_VALUE, Rounding.HALF_EVEN)).isEqualTo(0); // -0.5 tie -> 0
    assertThat(tiny.apply(Integer.MIN_VALUE, Rounding.HALF_AWAY_FROM_ZERO)).isEqualTo(-1);
    // the smallest shift: M = 2^31 - 1 at shift 30 (saturated) leaves an unnarrowed long
    QuantizedMultiplier huge = QuantizedMultiplier.of(1e20);
    assertThat(huge.apply(3, Rounding.TOWARD_ZERO)).isEqualTo(3L * Integer.MAX_VALUE / 2);
  }

  @Test
  void agreesWithTflitesDoubleRoundingWithinOneLsb() {
    // gemmlowp/TFLite (double rounding): SaturatingRoundingDoublingHighMul, then
    // RoundingDivideByPOT, both half away from zero. Single rounding differs by at most 1, and
    // not at all without a right shift.
    Random random = new Random(9);
    int differ = 0;
    for (int t = 0; t < 200_000; t++) {
      QuantizedMultiplier m =
          QuantizedMultiplier.of(Math.scalb(0.5 + random.nextDouble() / 2, -random.nextInt(20)));
      int acc = random.nextInt(1 << 24) - (1 << 23);
      long ours = m.apply(acc, Rounding.HALF_AWAY_FROM_ZERO);
      long gemmlowp = tfliteDoubleRounding(acc, m.multiplier(), m.shift());
      assertThat(Math.abs(ours - gemmlowp)).isLessThanOrEqualTo(1);
      if (m.shift() >= 0) {
        assertThat(ours).isEqualTo(gemmlowp);
      }
      if (ours != gemmlowp) {
        differ++;
      }
    }
    assertThat(differ).as("double rounding does differ sometimes").isPositive();
  }

  /** TFLite reference MultiplyByQuantizedMultiplier (double rounding), transcribed. */
  static long tfliteDoubleRounding(int x, int multiplier, int shift) {
    int leftShift = Math.max(shift, 0);
    int rightShift = Math.max(-shift, 0);
    int a = x * (1 << leftShift);
    // SaturatingRoundingDoublingHighMul
    int high;
    if (a == Integer.MIN_VALUE && multiplier == Integer.MIN_VALUE) {
      high = Integer.MAX_VALUE;
    } else {
      long ab = (long) a * multiplier;
      long nudge = ab >= 0 ? (1L << 30) : (1 - (1L << 30));
      high = (int) ((ab + nudge) / (1L << 31)); // C division truncates toward zero
    }
    // RoundingDivideByPOT
    int mask = (1 << rightShift) - 1;
    int remainder = high & mask;
    int threshold = (mask >> 1) + (high < 0 ? 1 : 0);
    return (high >> rightShift) + (remainder > threshold ? 1 : 0);
  }

  /** TFLite's single-rounding MultiplyByQuantizedMultiplier: add 2^(n-1), arithmetic shift. */
  static long tfliteSingleRounding(int x, int multiplier, int shift) {
    int total = 31 - shift;
    return ((long) x * multiplier + (1L << (total - 1))) >> total;
  }
}
