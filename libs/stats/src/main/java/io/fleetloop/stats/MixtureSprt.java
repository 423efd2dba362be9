package io.fleetloop.stats;

import java.util.List;
import org.hipparchus.distribution.discrete.BinomialDistribution;

/**
 * The sequential test: a mixture sequential probability ratio test (mSPRT) on the conditional
 * binomial likelihood, whose statistic may be looked at after every new reading, as often as the
 * operator likes, without inflating the false-alarm rate.
 *
 * <p>Between two looks the candidate drove {@code a} km and had {@code x} interventions, the stable
 * {@code b} km and {@code n - x}. Given {@code n}, {@code x ~ Binomial(n, p(theta))} with {@code
 * p(theta) = theta a / (theta a + b)} (see {@link ConditionalBinomialTest}). For one alternative
 * {@code theta1 > theta0} the increment's likelihood ratio is
 *
 * <pre>
 *   LR = Binomial(n, p(theta1)).pmf(x) / Binomial(n, p(theta0)).pmf(x)
 * </pre>
 *
 * and the statistic after {@code k} looks is {@code M_k = sum_g w_g prod_{i<=k} LR_i(theta_g)}, an
 * equal-weight mixture over a fixed grid of alternatives ({@link #DEFAULT_ALTERNATIVES} times
 * {@code theta0}). Under any true ratio {@code theta <= theta0}, {@code E[LR_i | past, n_i] <= 1}
 * (it is linear in the true {@code p}, equal to 1 at {@code p0}, increasing in {@code p}), so
 * {@code M_k} is a non-negative supermartingale starting at 1 and Ville's inequality gives
 *
 * <pre>
 *   P(M_k >= 1/alpha for some k, ever) <= alpha.
 * </pre>
 *
 * Rejecting "no regression" when {@code M_k >= 1/alpha} therefore holds the false-rollback rate at
 * {@code alpha} however many looks are taken, at whatever exposure they fall, across stages whose
 * candidate/stable split changes (the split enters {@code p} increment by increment), and after a
 * restart that resumes from the stored log-likelihood ratios. {@code min(1, 1/M_k)} is reported as
 * the "sequential p": an always-valid p-value.
 */
public final class MixtureSprt {

  /** Alternatives, as multiples of the null ratio: from a 25% excess to tenfold. */
  public static final List<Double> DEFAULT_ALTERNATIVES = List.of(1.25, 1.5, 2.0, 3.0, 5.0, 10.0);

  private MixtureSprt() {}

  /**
   * The log-likelihood ratio of one increment for each alternative {@code nullRatio *
   * alternatives[g]}. An increment with no kilometres on either side, or no events, carries no
   * information about the ratio and adds 0.
   */
  public static double[] logLikelihoodRatios(
      Exposure candidateIncrement,
      Exposure stableIncrement,
      double nullRatio,
      List<Double> alternatives) {
    double[] out = new double[alternatives.size()];
    double a = candidateIncrement.km();
    double b = stableIncrement.km();
    long events = candidateIncrement.interventions() + stableIncrement.interventions();
    if (events == 0 || a <= 0 || b <= 0) {
      // with a == 0 (or b == 0) p is 0 (or 1) under every theta: the events say nothing
      return out;
    }
    int n = ConditionalBinomialTest.toInt(events);
    int x = ConditionalBinomialTest.toInt(candidateIncrement.interventions());
    double null0 =
        new BinomialDistribution(n, ConditionalBinomialTest.share(nullRatio, a, b))
            .logProbability(x);
    for (int g = 0; g < out.length; g++) {
      double theta1 = nullRatio * alternatives.get(g);
      out[g] =
          new BinomialDistribution(n, ConditionalBinomialTest.share(theta1, a, b)).logProbability(x)
              - null0;
    }
    return out;
  }

  /** {@code log M}: the log of the equal-weight mixture of {@code exp(logLr[g])}. */
  public static double logMixture(double[] logLr) {
    if (logLr.length == 0) {
      return 0;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logLr) {
      max = Math.max(max, v);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double sum = 0;
    for (double v : logLr) {
      sum += Math.exp(v - max);
    }
    return max + Math.log(sum / logLr.length);
  }

  /** The always-valid p-value {@code min(1, 1/M)}. */
  public static double sequentialP(double[] logLr) {
    return Math.min(1, Math.exp(-logMixture(logLr)));
  }
}
