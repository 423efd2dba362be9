package io.fleetloop.chip;

import java.util.Arrays;

/** How an activation tensor's real range is estimated from the values seen on a calibration set. */
public sealed interface CalibrationMethod {

  /** The smallest and the largest value seen. */
  static CalibrationMethod minMax() {
    return new MinMax();
  }

  /**
   * The nearest-rank {@code percent}-th percentile as the upper end and its mirror as the lower
   * end, e.g. 99.99: outliers beyond are clipped by int8 saturation.
   */
  static CalibrationMethod percentile(double percent) {
    return new Percentile(percent);
  }

  /**
   * {@code [lo, hi]} of the first {@code count} values (which this call may reorder). Not widened
   * to contain 0; {@link QuantParams#fromRange} does that.
   */
  double[] range(float[] values, int count);

  /** Min/max calibration. */
  record MinMax() implements CalibrationMethod {
    @Override
    public double[] range(float[] values, int count) {
      if (count == 0) {
        return new double[] {0.0, 0.0};
      }
      float lo = Float.POSITIVE_INFINITY;
      float hi = Float.NEGATIVE_INFINITY;
      for (int k = 0; k < count; k++) {
        float v = values[k];
        if (Float.isNaN(v)) {
          continue;
        }
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      return lo > hi ? new double[] {0.0, 0.0} : new double[] {lo, hi};
    }
  }

  /**
   * Percentile calibration, nearest rank: with the {@code n} values sorted ascending as {@code
   * v[0..n-1]} and {@code r = ceil(percent / 100 · n)} (in double), {@code hi = v[r − 1]} and
   * {@code lo = v[n − r]}. {@code percent = 100} is min/max.
   */
  record Percentile(double percent) implements CalibrationMethod {
    public Percentile {
      if (!(percent > 50.0 && percent <= 100.0)) {
        throw new IllegalArgumentException("percent must be in (50, 100]: " + percent);
      }
    }

    @Override
    public double[] range(float[] values, int count) {
      int n = 0;
      for (int k = 0; k < count; k++) {
        if (!Float.isNaN(values[k])) {
          values[n++] = values[k];
        }
      }
      if (n == 0) {
        return new double[] {0.0, 0.0};
      }
      Arrays.sort(values, 0, n);
      int r = (int) Math.min(n, Math.max(1, (long) Math.ceil(percent / 100.0 * n)));
      return new double[] {values[n - r], values[r - 1]};
    }
  }
}
