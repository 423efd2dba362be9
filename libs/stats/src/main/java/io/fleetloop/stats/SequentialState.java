package io.fleetloop.stats;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything the sequential test carries from one look to the next, small enough to store in the
 * FleetRelease status, so an operator that restarts resumes the same test instead of starting a
 * fresh one (which would spend the false-alarm budget again).
 *
 * <p>The test runs over the whole release, not stage by stage: the candidate is the same model in
 * every stage, so evidence gathered at 1% still counts at 10%, and one alpha covers all stages.
 *
 * @param settings the test as it was started; a plan with other settings restarts it
 * @param stage the stage the cumulative readings in {@code conditions} belong to ({@link #NO_STAGE}
 *     before the first look)
 * @param looks looks that brought new data, over the release
 * @param conditions per condition: last cumulative readings and accumulated log-likelihood ratios
 */
public record SequentialState(
    Settings settings, int stage, int looks, SortedMap<String, ConditionState> conditions) {

  /** The {@code stage} of a state that has seen no data. */
  public static final int NO_STAGE = Integer.MIN_VALUE;

  public SequentialState {
    conditions = Collections.unmodifiableSortedMap(new TreeMap<>(conditions));
  }

  /** A fresh test for a new candidate. */
  public static SequentialState start(AnalysisPlan plan) {
    return new SequentialState(Settings.of(plan), NO_STAGE, 0, new TreeMap<>());
  }

  /** Tested conditions so far (each holds one of the Bonferroni slots). */
  public long testedConditions() {
    return conditions.values().stream().filter(ConditionState::tested).count();
  }

  /**
   * The settings a test was started with; they fix the hypothesis and the alpha split, so they
   * cannot change under a running test.
   *
   * @param nullRatio {@code 1 + maxRelativeRegression}
   * @param alpha {@code 1 - confidence}
   * @param perCondition whether conditions are tested alone (and alpha split in half)
   * @param conditionSlots the per-condition Bonferroni denominator
   * @param alternatives the mixture grid, as multiples of {@code nullRatio}
   */
  public record Settings(
      double nullRatio,
      double alpha,
      boolean perCondition,
      int conditionSlots,
      List<Double> alternatives) {

    public Settings {
      alternatives = List.copyOf(alternatives);
    }

    public static Settings of(AnalysisPlan plan) {
      return new Settings(
          plan.nullRatio(),
          plan.alpha(),
          plan.perCondition(),
          plan.conditionSlots(),
          plan.alternatives());
    }
  }

  /**
   * One condition's part of the test.
   *
   * @param candidateSeen candidate exposure in the stage at the last look (cumulative)
   * @param stableSeen stable exposure in the stage at the last look (cumulative)
   * @param logLr accumulated log-likelihood ratio per alternative, over the release
   * @param tested whether the condition holds a slot and is judged alone
   */
  public record ConditionState(
      Exposure candidateSeen, Exposure stableSeen, List<Double> logLr, boolean tested) {

    public ConditionState {
      logLr = List.copyOf(logLr);
    }

    static ConditionState fresh(int alternatives) {
      return new ConditionState(
          Exposure.NONE, Exposure.NONE, Collections.nCopies(alternatives, 0.0), false);
    }

    double[] logLrArray() {
      return logLr.stream().mapToDouble(Double::doubleValue).toArray();
    }
  }
}
