package io.fleetloop.stats;

import org.hipparchus.distribution.continuous.ChiSquaredDistribution;

/**
 * Interventions per 1,000 km with exact (Garwood) Poisson confidence bounds.
 *
 * <p>With {@code x} interventions over {@code km} kilometres, the count is taken as Poisson with
 * mean {@code lambda * km}. The central interval at confidence {@code 1 - alpha} for the mean count
 * is Garwood's (1936):
 *
 * <pre>
 *   low  = chi2.quantile(alpha / 2,     df = 2x)     / 2      (0 when x = 0)
 *   high = chi2.quantile(1 - alpha / 2, df = 2x + 2) / 2
 * </pre>
 *
 * scaled by {@code 1000 / km}. It inverts two one-sided exact Poisson tests, so each tail holds at
 * most {@code alpha / 2} and the coverage is at least {@code 1 - alpha} for every rate (it is
 * conservative, never anti-conservative). At zero events the lower bound is exactly 0 and the upper
 * bound is {@code -ln(alpha / 2)} events: 3.689 at 95%, i.e. 3.69 /1000 km over 1,000 km clean. (A
 * one-sided 95% upper bound would be {@code -ln(0.05) = 2.996}, the "rule of three"; we keep the
 * two-sided interval so the bounds shown for 0 and for 1 event are the same kind.)
 */
public final class Rates {

  private Rates() {}

  /**
   * The rate and its exact interval.
   *
   * @param exposure kilometres ({@code > 0}) and interventions
   * @param confidence in (0, 1), e.g. 0.95
   */
  public static RateEstimate rate(Exposure exposure, double confidence) {
    checkConfidence(confidence);
    if (!(exposure.km() > 0)) {
      throw new IllegalArgumentException("a rate needs km > 0, got " + exposure);
    }
    double alpha = 1 - confidence;
    long x = exposure.interventions();
    double low = x == 0 ? 0 : chiSquaredQuantile(2.0 * x, alpha / 2) / 2;
    double high = chiSquaredQuantile(2.0 * x + 2, 1 - alpha / 2) / 2;
    double scale = 1000.0 / exposure.km();
    return new RateEstimate(exposure, confidence, x * scale, low * scale, high * scale);
  }

  private static double chiSquaredQuantile(double df, double p) {
    // the default inverse accuracy (1e-9 absolute) is far below the precision shown anywhere
    return new ChiSquaredDistribution(df).inverseCumulativeProbability(p);
  }

  static void checkConfidence(double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
    }
  }
}
