package io.fleetloop.chip;

/**
 * Affine int8 quantization of one activation tensor: {@code real = scale · (q − zeroPoint)}, {@code
 * q ∈ [-128, 127]}.
 *
 * @param scale positive, finite, normal float
 * @param zeroPoint the int8 code of real 0, in [-128, 127]
 */
public record QuantParams(float scale, int zeroPoint) {
  public QuantParams {
    if (!(scale >= Float.MIN_NORMAL) || !Float.isFinite(scale)) {
      throw new IllegalArgumentException("scale must be a positive normal float: " + scale);
    }
    if (zeroPoint < ChipArithmetic.ACTIVATION_MIN || zeroPoint > ChipArithmetic.ACTIVATION_MAX) {
      throw new IllegalArgumentException("zeroPoint must be in [-128, 127]: " + zeroPoint);
    }
  }

  /**
   * The asymmetric parameters for a real range (docs/chip-arithmetic.md §3): the range is widened
   * to contain 0, {@code scale = float((hi − lo) / 255)} in double, {@code zeroPoint = clamp(−128 −
   * HalfEven(lo / scale))}. An empty range ([0, 0]) gives scale 1, zero point -128.
   */
  public static QuantParams fromRange(double min, double max) {
    if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
      throw new IllegalArgumentException("bad range [" + min + ", " + max + "]");
    }
    double lo = Math.min(min, 0.0);
    double hi = Math.max(max, 0.0);
    if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
      throw new IllegalArgumentException("range must be finite: [" + min + ", " + max + "]");
    }
    if (hi == lo) {
      return new QuantParams(1f, ChipArithmetic.ACTIVATION_MIN);
    }
    float scale = (float) ((hi - lo) / 255.0);
    if (scale < Float.MIN_NORMAL) {
      scale = Float.MIN_NORMAL;
    }
    long zp = ChipArithmetic.ACTIVATION_MIN - Rounding.HALF_EVEN.round(lo / scale);
    int zeroPoint =
        (int) Math.max(ChipArithmetic.ACTIVATION_MIN, Math.min(ChipArithmetic.ACTIVATION_MAX, zp));
    return new QuantParams(scale, zeroPoint);
  }

  /**
   * {@code clamp(round(x / scale) + zeroPoint, -128, 127)}, exact (see {@link Rounding#quantize}).
   */
  public int quantize(float x, Rounding rounding) {
    return rounding.quantize(
        x, scale, zeroPoint, ChipArithmetic.ACTIVATION_MIN, ChipArithmetic.ACTIVATION_MAX);
  }

  /** {@code (q − zeroPoint) · scale} in float32 (one correctly rounded product). */
  public float dequantize(int q) {
    return (q - zeroPoint) * scale;
  }

  /** The smallest representable real value. */
  public float min() {
    return dequantize(ChipArithmetic.ACTIVATION_MIN);
  }

  /** The largest representable real value. */
  public float max() {
    return dequantize(ChipArithmetic.ACTIVATION_MAX);
  }
}
