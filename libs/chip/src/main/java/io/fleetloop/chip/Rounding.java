package io.fleetloop.chip;

/**
 * How the chip rounds a value that falls between two integers: HardwarePool {@code
 * spec.accelerator.arithmetic.rounding}.
 *
 * <p>Every method here is exact: it decides on the integer bits of its argument, never on a float
 * computation, so {@code shiftRight(-3, 1)} is {@code -1.5} rounded, whatever the platform.
 */
public enum Rounding {
  /** Round to nearest; a tie goes to the even neighbour (banker's rounding, IEEE 754 default). */
  HALF_EVEN("HalfEven"),
  /**
   * Round to nearest; a tie goes away from zero (C {@code round}, TFLite's {@code TfLiteRound}).
   */
  HALF_AWAY_FROM_ZERO("HalfAwayFromZero"),
  /** Drop the fraction: truncate toward zero (C integer division). */
  TOWARD_ZERO("TowardZero");

  private final String specName;

  Rounding(String specName) {
    this.specName = specName;
  }

  /** The name used in the HardwarePool spec ({@code HalfEven}, ...). */
  public String specName() {
    return specName;
  }

  /**
   * Parses a HardwarePool spec name ({@code HalfEven}, {@code HalfAwayFromZero}, {@code
   * TowardZero}).
   */
  public static Rounding fromSpec(String name) {
    for (Rounding r : values()) {
      if (r.specName.equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "rounding must be HalfEven, HalfAwayFromZero or TowardZero, not " + name);
  }

  /**
   * {@code value / 2^n} rounded with this mode, exactly. {@code n} may be any non-negative int; for
   * {@code n >= 64} the quotient's magnitude is below one half and every mode gives 0.
   */
  public long shiftRight(long value, int n) {
    return shiftRight(value, n, this);
  }

  /**
   * {@link #shiftRight(long, int)} with the mode as an argument (what the runtime's loop calls).
   */
  public static long shiftRight(long value, int n, Rounding mode) {
    if (n < 0) {
      throw new IllegalArgumentException("shift must be >= 0: " + n);
    }
    if (n == 0) {
      return value;
    }
    if (n >= 64) {
      return 0L; // |value| < 2^63 <= 2^(n-1): below one half in magnitude
    }
    long floor = value >> n; // arithmetic shift: floor(value / 2^n)
    long rem = value & (-1L >>> (64 - n)); // value - floor * 2^n, in [0, 2^n)
    if (rem == 0) {
      return floor;
    }
    switch (mode) {
      case TOWARD_ZERO:
        return floor < 0 ? floor + 1 : floor;
      case HALF_AWAY_FROM_ZERO:
        {
          long half = 1L << (n - 1);
          return (rem > half || (rem == half && value >= 0)) ? floor + 1 : floor;
        }
      case HALF_EVEN:
        {
          long half = 1L << (n - 1);
          return (rem > half || (rem == half && (floor & 1L) != 0)) ? floor + 1 : floor;
        }
      default:
        throw new AssertionError(mode);
    }
  }

  /**
   * A double rounded to an integer with this mode, exactly: the double is {@code m * 2^e} with an
   * integer mantissa {@code m}, and this is {@link #shiftRight(long, int)} of {@code m} by {@code
   * -e}. Magnitudes at or beyond 2^62 saturate to ±2^62 (far outside every range the chip narrows
   * to). NaN is rejected.
   */
  public long round(double value) {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("cannot round NaN");
    }
    final long limit = 1L << 62;
    if (value >= 0x1p62) {
      return limit;
    }
    if (value <= -0x1p62) {
      return -limit;
    }
    if (Math.abs(value) >= 0x1p52) {
      return (long) value; // an integer already
    }
    // All three modes are symmetric under negation: round the magnitude. Below 2^52, floor(a)
    // and a − floor(a) are exact doubles (Sterbenz), so comparing the fraction with 0.5 decides
    // exactly what R(m, −e) decides on the mantissa bits.
    double a = Math.abs(value);
    double floor = Math.floor(a);
    double fraction = a - floor;
    long f = (long) floor;
    long r;
    switch (this) {
      case TOWARD_ZERO:
        r = f;
        break;
      case HALF_AWAY_FROM_ZERO:
        r = fraction >= 0.5 ? f + 1 : f;
        break;
      case HALF_EVEN:
        r = (fraction > 0.5 || (fraction == 0.5 && (f & 1L) != 0)) ? f + 1 : f;
        break;
      default:
        throw new AssertionError(this);
    }
    return value < 0 ? -r : r;
  }

  /** {@link #round(double)} by the definition: the mantissa shifted with {@link #shiftRight}. */
  long roundByBits(double value) {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("cannot round NaN");
    }
    final long limit = 1L << 62;
    if (value >= 0x1p62) {
      return limit;
    }
    if (value <= -0x1p62) {
      return -limit;
    }
    long bits = Double.doubleToRawLongBits(value);
    int biased = (int) ((bits >>> 52) & 0x7ff);
    long mantissa = bits & 0xfffffffffffffL;
    int exponent;
    if (biased == 0) {
      exponent = -1074; // subnormal (or zero)
    } else {
      mantissa |= 1L << 52;
      exponent = biased - 1075;
    }
    long signed = bits < 0 ? -mantissa : mantissa;
    if (exponent >= 0) {
      return signed << exponent; // an integer already; |value| < 2^62 so this cannot overflow
    }
    return shiftRight(signed, -exponent, this);
  }

  /**
   * Float quantization, exactly: {@code clamp(round(x / scale) + zeroPoint, qmin, qmax)}, where
   * {@code x / scale} is the IEEE double quotient of the two floats and {@code round} is this mode
   * applied to that double by {@link #round(double)}. Always saturates (see
   * docs/chip-arithmetic.md: a float is narrowed by clamping). NaN maps to {@code zeroPoint} (real
   * zero); ±∞ to the bounds.
   */
  public int quantize(float x, float scale, int zeroPoint, int qmin, int qmax) {
    if (Float.isNaN(x)) {
      return Math.max(qmin, Math.min(qmax, zeroPoint));
    }
    long q = round((double) x / (double) scale) + zeroPoint;
    return (int) Math.max(qmin, Math.min(qmax, q));
  }
}
