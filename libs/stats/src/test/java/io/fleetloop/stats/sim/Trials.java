package io.fleetloop.stats.sim;

import io.fleetloop.stats.AnalysisPlan;
import io.fleetloop.stats.ConditionExposure;
import io.fleetloop.stats.ConditionalBinomialTest;
import io.fleetloop.stats.Exposure;
import io.fleetloop.stats.SequentialState;
import io.fleetloop.stats.StageAnalyzer;
import io.fleetloop.stats.StageData;
import io.fleetloop.stats.StageResult;
import io.fleetloop.stats.Verdict;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.hipparchus.random.RandomDataGenerator;

/**
 * Monte-Carlo trials of the release statistics on a {@link FleetModel}. Every trial draws from its
 * own generator seeded from (seed, scenario, trial), so results do not depend on the order or the
 * parallelism in which trials run.
 */
public final class Trials {

  /** How a look is decided. */
  public enum Rule {
    /** {@link StageAnalyzer}: the release-wide mixture SPRT, per condition, with the guard. */
    SEQUENTIAL,
    /**
     * The tempting shortcut, for contrast: at every look after the guard, roll back when the
     * fixed-sample 95% interval of the pooled rate ratio lies above 1 (one-sided exact conditional
     * binomial p below alpha / 2), each stage on its own data.
     */
    NAIVE_REPEATED
  }

  /**
   * One staged rollout.
   *
   * @param rolledBack whether the release was rolled back
   * @param stage the stage index where it ended (the last stage when promoted)
   * @param maxPercent the largest fleet share that ever ran the candidate
   * @param candidateKm candidate kilometres over the release when it ended
   * @param looks looks taken
   */
  public record Rollout(
      boolean rolledBack, int stage, int maxPercent, double candidateKm, int looks) {}

  private static final StageAnalyzer ANALYZER = new StageAnalyzer();

  private Trials() {}

  /** Runs {@code n} rollouts in parallel, deterministically. */
  public static Rollout[] rollouts(
      FleetModel fleet,
      AnalysisPlan plan,
      CandidateEffect effect,
      Rule rule,
      int n,
      long seed,
      int scenario) {
    return IntStream.range(0, n)
        .parallel()
        .mapToObj(i -> rollout(fleet, plan, effect, rule, rng(seed, scenario, i)))
        .toArray(Rollout[]::new);
  }

  /**
   * Runs {@code n} trials at a fixed candidate share of the fleet's km, looking every {@code
   * stepKm} candidate km up to {@code maxKm}, and returns for each the candidate km at which the
   * stage failed ({@code +Infinity} if it never did).
   */
  public static double[] kmToFail(
      FleetModel fleet,
      AnalysisPlan plan,
      CandidateEffect effect,
      double candidateShare,
      double stepKm,
      double maxKm,
      int n,
      long seed,
      int scenario) {
    return IntStream.range(0, n)
        .parallel()
        .mapToDouble(
            i ->
                kmToFail(
                    fleet, plan, effect, candidateShare, stepKm, maxKm, rng(seed, scenario, i)))
        .toArray();
  }

  /** Share of trials that failed by {@code km}. */
  public static double failedBy(double[] kmToFail, double km) {
    return Arrays.stream(kmToFail).filter(k -> k <= km).count() / (double) kmToFail.length;
  }

  static Rollout rollout(
      FleetModel fleet,
      AnalysisPlan plan,
      CandidateEffect effect,
      Rule rule,
      RandomDataGenerator rng) {
    SequentialState state = SequentialState.start(plan);
    int looks = 0;
    int maxPercent = 0;
    double releaseKm = 0;
    for (int s = 0; s < fleet.stages().size(); s++) {
      FleetModel.Stage stage = fleet.stages().get(s);
      maxPercent = Math.max(maxPercent, stage.percent());
      double share = stage.percent() / 100.0;
      double[] cohort = cohortMultipliers(fleet, effect, share, rng);
      Map<String, ConditionExposure> cumulative = new TreeMap<>();
      while (true) {
        double km = addLook(fleet, effect, share, fleet.fleetKmPerLook(), cohort, cumulative, rng);
        releaseKm += km;
        looks++;
        StageData data = StageData.of(s, stage.minKm(), cumulative);
        Verdict verdict;
        if (rule == Rule.SEQUENTIAL) {
          StageResult result = ANALYZER.analyze(plan, data, state);
          state = result.state();
          verdict = result.verdict();
        } else {
          verdict = naive(plan, data);
        }
        if (verdict == Verdict.FAIL) {
          return new Rollout(true, s, maxPercent, releaseKm, looks);
        }
        if (verdict == Verdict.PASS) {
          break;
        }
      }
    }
    return new Rollout(false, fleet.stages().size() - 1, maxPercent, releaseKm, looks);
  }

  static double kmToFail(
      FleetModel fleet,
      AnalysisPlan plan,
      CandidateEffect effect,
      double share,
      double stepKm,
      double maxKm,
      RandomDataGenerator rng) {
    SequentialState state = SequentialState.start(plan);
    double[] cohort = cohortMultipliers(fleet, effect, share, rng);
    Map<String, ConditionExposure> cumulative = new TreeMap<>();
    double km = 0;
    while (km < maxKm - 1e-6) {
      km += addLook(fleet, effect, share, stepKm / share, cohort, cumulative, rng);
      StageResult result = ANALYZER.analyze(plan, StageData.of(0, 1e12, cumulative), state);
      state = result.state();
      if (result.verdict() == Verdict.FAIL) {
        return km;
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  /** Adds one look's driving to the stage's cumulative exposure; returns the candidate's km. */
  private static double addLook(
      FleetModel fleet,
      CandidateEffect effect,
      double share,
      double fleetKm,
      double[] cohort,
      Map<String, ConditionExposure> cumulative,
      RandomDataGenerator rng) {
    double candidateKm = 0;
    for (FleetModel.Condition c : fleet.conditions()) {
      double kmC = fleetKm * share * c.kmShare();
      double kmS = fleetKm * (1 - share) * c.kmShare();
      double rateC = c.stableRatePer1000Km() * effect.multiplier(c.name()) * cohort[0];
      double rateS = c.stableRatePer1000Km() * cohort[1];
      ConditionExposure add =
          new ConditionExposure(
              Exposure.of(kmC, poisson(rng, rateC * kmC / 1000)),
              Exposure.of(kmS, poisson(rng, rateS * kmS / 1000)));
      cumulative.merge(c.name(), add, ConditionExposure::plus);
      candidateKm += kmC;
    }
    return candidateKm;
  }

  /**
   * The two cohorts' mean propensity for this stage: 1 for pure Poisson, otherwise a Gamma draw
   * with mean 1 and CV {@code deviceCv / sqrt(devices in the cohort)}.
   */
  private static double[] cohortMultipliers(
      FleetModel fleet, CandidateEffect effect, double share, RandomDataGenerator rng) {
    if (effect.deviceCv() <= 0) {
      return new double[] {1, 1};
    }
    return new double[] {
      gammaMeanOne(rng, effect.deviceCv() / Math.sqrt(fleet.devices() * share)),
      share < 1
          ? gammaMeanOne(rng, effect.deviceCv() / Math.sqrt(fleet.devices() * (1 - share)))
          : 1
    };
  }

  private static double gammaMeanOne(RandomDataGenerator rng, double cv) {
    double shape = 1 / (cv * cv);
    return rng.nextGamma(shape, 1 / shape);
  }

  private static long poisson(RandomDataGenerator rng, double mean) {
    return mean > 0 ? rng.nextPoisson(mean) : 0;
  }

  private static Verdict naive(AnalysisPlan plan, StageData data) {
    Exposure c = data.candidate();
    Exposure s = data.stable();
    if (c.km() < plan.minExposureKm() || c.km() <= 0) {
      return Verdict.INCONCLUSIVE;
    }
    if (s.km() > 0) {
      double p =
          ConditionalBinomialTest.compare(c, s, plan.nullRatio(), plan.confidence()).pValue();
      if (p <= plan.alpha() / 2) {
        return Verdict.FAIL;
      }
    }
    return c.km() >= Math.max(data.stageMinKm(), plan.minExposureKm())
        ? Verdict.PASS
        : Verdict.INCONCLUSIVE;
  }

  /** A generator for one trial; SplitMix64 spreads (seed, scenario, trial) over the seed space. */
  static RandomDataGenerator rng(long seed, int scenario, int trial) {
    long z = seed + 0x9E3779B97F4A7C15L * (((long) scenario << 32) + trial + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return new RandomDataGenerator(z ^ (z >>> 31));
  }
}
