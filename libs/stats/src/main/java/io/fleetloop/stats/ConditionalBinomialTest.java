package io.fleetloop.stats;

import org.hipparchus.distribution.continuous.BetaDistribution;
import org.hipparchus.distribution.discrete.BinomialDistribution;

/**
 * The conditional (exact) test for two Poisson rates.
 *
 * <p>Candidate and stable interventions are independent Poisson counts, {@code Xc ~ Poisson(lc *
 * kmc)} and {@code Xs ~ Poisson(ls * kms)}. Given their total {@code n = Xc + Xs}, the candidate's
 * share is binomial whatever the common level of the rates:
 *
 * <pre>
 *   Xc | n  ~  Binomial(n, p),   p = theta * kmc / (theta * kmc + kms),   theta = lc / ls
 * </pre>
 *
 * so a hypothesis about the ratio {@code theta} becomes one about {@code p}, with no nuisance
 * parameter left. "No regression" is {@code theta <= theta0 = 1 + maxRelativeRegression}; it is
 * rejected for large {@code Xc}: {@code pValue = P(Binomial(n, p0) >= Xc)}.
 */
public final class ConditionalBinomialTest {

  private ConditionalBinomialTest() {}

  /**
   * The candidate's share of events under rate ratio {@code theta}.
   *
   * @param candidateKm {@code > 0}
   * @param stableKm {@code > 0}
   */
  public static double share(double theta, double candidateKm, double stableKm) {
    return theta * candidateKm / (theta * candidateKm + stableKm);
  }

  /**
   * One-sided exact p-value of {@code P(Binomial(n, p) >= x)}, accurate in the far tail: computed
   * as {@code P(Binomial(n, 1 - p) <= n - x)} (a lower tail via the regularized beta) rather than
   * {@code 1 - P(X <= x - 1)}, which rounds to 0 below about 1e-16.
   */
  public static double upperTail(int n, int x, double p) {
    if (x <= 0) {
      return 1;
    }
    if (x > n) {
      return 0;
    }
    return new BinomialDistribution(n, 1 - p).cumulativeProbability(n - x);
  }

  /**
   * Compares candidate with stable over one window.
   *
   * @param candidate candidate exposure, km {@code > 0}
   * @param stable stable exposure, km {@code > 0}
   * @param nullRatio {@code theta0 > 0}, the largest accepted ratio of candidate to stable rate
   * @param confidence level of the ratio interval, in (0, 1)
   */
  public static RateComparison compare(
      Exposure candidate, Exposure stable, double nullRatio, double confidence) {
    Rates.checkConfidence(confidence);
    if (!(nullRatio > 0) || Double.isInfinite(nullRatio)) {
      throw new IllegalArgumentException("nullRatio must be > 0, got " + nullRatio);
    }
    if (!(candidate.km() > 0) || !(stable.km() > 0)) {
      throw new IllegalArgumentException(
          "both arms need km > 0, got candidate " + candidate + ", stable " + stable);
    }
    int x = toInt(candidate.interventions());
    int n = toInt(candidate.interventions() + stable.interventions());
    double a = candidate.km();
    double b = stable.km();
    if (n == 0) {
      return new RateComparison(
          candidate, stable, nullRatio, confidence, Double.NaN, 0, Double.POSITIVE_INFINITY, 1);
    }
    double p0 = share(nullRatio, a, b);
    double pValue = upperTail(n, x, p0);
    // Clopper-Pearson bounds on p, mapped through ratio = p / (1 - p) * b / a (monotone)
    double alpha = 1 - confidence;
    double pLow =
        x == 0 ? 0 : new BetaDistribution(x, n - x + 1).inverseCumulativeProbability(alpha / 2);
    double pHigh =
        x == n ? 1 : new BetaDistribution(x + 1, n - x).inverseCumulativeProbability(1 - alpha / 2);
    double ratio = candidate.per1000Km() / stable.per1000Km();
    return new RateComparison(
        candidate,
        stable,
        nullRatio,
        confidence,
        ratio,
        oddsToRatio(pLow, a, b),
        oddsToRatio(pHigh, a, b),
        pValue);
  }

  private static double oddsToRatio(double p, double a, double b) {
    return p >= 1 ? Double.POSITIVE_INFINITY : p / (1 - p) * b / a;
  }

  static int toInt(long count) {
    if (count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many interventions for one comparison: " + count);
    }
    return (int) count;
  }
}
