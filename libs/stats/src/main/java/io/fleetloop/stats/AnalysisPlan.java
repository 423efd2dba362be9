package io.fleetloop.stats;

import java.util.List;

/**
 * How a release is judged: the FleetRelease {@code spec.analysis} fields plus the two knobs of the
 * per-condition split.
 *
 * @param confidence {@code 1 - alpha}: the bounds' confidence and the sequential test's guarantee
 *     (at most {@code alpha} of releases whose candidate is no worse are rolled back)
 * @param maxRelativeRegression largest accepted relative rise of the candidate's rate, {@code >= 0}
 * @param minExposureKm no verdict before the candidate drove this much in the stage
 * @param perCondition judge every driving condition on its own as well as overall
 * @param conditionSlots the number of conditions the per-condition alpha is split into (a
 *     Bonferroni split fixed in advance): each tested condition gets {@code alpha / 2 /
 *     conditionSlots}; conditions beyond this many count only in the overall test
 * @param minConditionKm candidate km a condition needs in the stage before it alone may fail it
 * @param alternatives the sequential test's grid, as multiples of {@code 1 + maxRelativeRegression}
 */
public record AnalysisPlan(
    double confidence,
    double maxRelativeRegression,
    double minExposureKm,
    boolean perCondition,
    int conditionSlots,
    double minConditionKm,
    List<Double> alternatives) {

  /** Room for a handful of weather / light / road splits. */
  public static final int DEFAULT_CONDITION_SLOTS = 8;

  public AnalysisPlan {
    Rates.checkConfidence(confidence);
    if (!(maxRelativeRegression >= 0) || Double.isInfinite(maxRelativeRegression)) {
      throw new IllegalArgumentException(
          "maxRelativeRegression must be >= 0, got " + maxRelativeRegression);
    }
    if (!(minExposureKm >= 0) || !(minConditionKm >= 0)) {
      throw new IllegalArgumentException("exposure minimums must be >= 0");
    }
    if (conditionSlots < 1) {
      throw new IllegalArgumentException("conditionSlots must be >= 1, got " + conditionSlots);
    }
    alternatives = List.copyOf(alternatives);
    if (alternatives.isEmpty() || alternatives.stream().anyMatch(m -> !(m > 1))) {
      throw new IllegalArgumentException("alternatives must be multiples > 1, got " + alternatives);
    }
  }

  /** The API defaults: 95%, no accepted regression, 2,000 km, per condition. */
  public static AnalysisPlan defaults() {
    return of(0.95, 0.0, 2000, true);
  }

  /** The four {@code spec.analysis} fields; the rest at their defaults. */
  public static AnalysisPlan of(
      double confidence, double maxRelativeRegression, double minExposureKm, boolean perCondition) {
    return new AnalysisPlan(
        confidence,
        maxRelativeRegression,
        minExposureKm,
        perCondition,
        DEFAULT_CONDITION_SLOTS,
        0,
        MixtureSprt.DEFAULT_ALTERNATIVES);
  }

  public AnalysisPlan withConditionSlots(int slots) {
    return new AnalysisPlan(
        confidence,
        maxRelativeRegression,
        minExposureKm,
        perCondition,
        slots,
        minConditionKm,
        alternatives);
  }

  public AnalysisPlan withMinConditionKm(double km) {
    return new AnalysisPlan(
        confidence,
        maxRelativeRegression,
        minExposureKm,
        perCondition,
        conditionSlots,
        km,
        alternatives);
  }

  public double alpha() {
    return 1 - confidence;
  }

  /** {@code theta0 = 1 + maxRelativeRegression}. */
  public double nullRatio() {
    return 1 + maxRelativeRegression;
  }

  /** The overall test's share of alpha: all of it, or half when conditions are judged too. */
  public double overallAlpha() {
    return perCondition ? alpha() / 2 : alpha();
  }

  /** Each tested condition's share: half of alpha split over the slots. */
  public double conditionAlpha() {
    return alpha() / 2 / conditionSlots;
  }
}
