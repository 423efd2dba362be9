package io.fleetloop.chip;

/**
 * A real multiplier {@code M ≈ multiplier · 2^(shift − 31)} in fixed point: a Q31 mantissa {@code
 * multiplier ∈ [2^30, 2^31)} (or 0) and an exponent {@code shift ∈ [-31, 30]}, derived exactly as
 * TFLite's {@code QuantizeMultiplier} (single-rounding build).
 *
 * <p>Applied to an int32 accumulator as one rounding right shift of the exact 64-bit product:
 * {@code round(acc · multiplier / 2^(31 − shift))}, the total shift being in [1, 62].
 */
public record QuantizedMultiplier(int multiplier, int shift) {
  public static final int MIN_SHIFT = -31;
  public static final int MAX_SHIFT = 30;

  public QuantizedMultiplier {
    if (multiplier < 0) {
      throw new IllegalArgumentException("multiplier must be >= 0: " + multiplier);
    }
    if (multiplier != 0 && multiplier < (1 << 30)) {
      throw new IllegalArgumentException("multiplier must be 0 or in [2^30, 2^31): " + multiplier);
    }
    if (shift < MIN_SHIFT || shift > MAX_SHIFT) {
      throw new IllegalArgumentException("shift must be in [-31, 30]: " + shift);
    }
  }

  /**
   * TFLite's {@code QuantizeMultiplier}: {@code M = q · 2^shift} with {@code q ∈ [0.5, 1)} (frexp),
   * {@code multiplier = HalfAwayFromZero(q · 2^31)}; a mantissa that rounds up to 2^31 is halved
   * and the shift raised; {@code shift < −31} flushes to (0, 0); {@code shift > 30} saturates to
   * (2^31 − 1, 30).
   */
  public static QuantizedMultiplier of(double real) {
    if (!(real >= 0.0) || !Double.isFinite(real)) {
      throw new IllegalArgumentException("real multiplier must be finite and >= 0: " + real);
    }
    if (real < 0x1p-40) {
      return new QuantizedMultiplier(0, 0); // shift would be < -31 (also covers 0 and subnormals)
    }
    int shift = Math.getExponent(real) + 1; // frexp exponent
    double q = Math.scalb(real, -shift); // in [0.5, 1), exact
    long qFixed = Rounding.HALF_AWAY_FROM_ZERO.round(q * 0x1p31);
    if (qFixed == (1L << 31)) {
      qFixed /= 2;
      shift++;
    }
    if (shift < MIN_SHIFT) {
      return new QuantizedMultiplier(0, 0);
    }
    if (shift > MAX_SHIFT) {
      return new QuantizedMultiplier(Integer.MAX_VALUE, MAX_SHIFT);
    }
    return new QuantizedMultiplier((int) qFixed, shift);
  }

  /** The real value represented: {@code multiplier · 2^(shift − 31)} (exact in double). */
  public double realValue() {
    return Math.scalb((double) multiplier, shift - 31);
  }

  /** The right shift applied to the 64-bit product: {@code 31 − shift}, in [1, 62]. */
  public int totalRightShift() {
    return 31 - shift;
  }

  /**
   * {@code round(acc · multiplier / 2^(31 − shift))} with the given mode, exact, not yet narrowed
   * to int32 (the caller saturates or wraps).
   */
  public long apply(int acc, Rounding rounding) {
    return Rounding.shiftRight((long) acc * multiplier, 31 - shift, rounding);
  }
}
