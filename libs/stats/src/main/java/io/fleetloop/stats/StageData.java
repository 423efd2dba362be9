package io.fleetloop.stats;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the fleet drove in the current stage so far: cumulative since the stage began, split by
 * driving condition (a single condition, {@link #ALL}, when there is no split).
 *
 * @param stage the stage index (the shadow phase is -1)
 * @param stageMinKm candidate km after which the stage passes if nothing was found; 0 when the
 *     stage has no minimum (it then passes at {@code minExposureKm})
 * @param conditions per condition, cumulative in the stage; a condition missing at a look is taken
 *     as unchanged since the previous look
 */
public record StageData(
    int stage, double stageMinKm, SortedMap<String, ConditionExposure> conditions) {

  /** The condition name used when exposure is not split. */
  public static final String ALL = "all";

  public StageData {
    if (!(stageMinKm >= 0)) {
      throw new IllegalArgumentException("stageMinKm must be >= 0, got " + stageMinKm);
    }
    conditions = Collections.unmodifiableSortedMap(new TreeMap<>(conditions));
  }

  public static StageData of(
      int stage, double stageMinKm, Map<String, ConditionExposure> byCondition) {
    return new StageData(stage, stageMinKm, new TreeMap<>(byCondition));
  }

  public static Builder builder(int stage) {
    return new Builder(stage);
  }

  /** Candidate exposure over all conditions. */
  public Exposure candidate() {
    return conditions.values().stream()
        .map(ConditionExposure::candidate)
        .reduce(Exposure.NONE, Exposure::plus);
  }

  /** Stable exposure over all conditions. */
  public Exposure stable() {
    return conditions.values().stream()
        .map(ConditionExposure::stable)
        .reduce(Exposure.NONE, Exposure::plus);
  }

  /** Fluent construction, for the reconciler's adapter and for tests. */
  public static final class Builder {
    private final int stage;
    private double stageMinKm;
    private final SortedMap<String, ConditionExposure> conditions = new TreeMap<>();

    private Builder(int stage) {
      this.stage = stage;
    }

    public Builder minKm(double km) {
      this.stageMinKm = km;
      return this;
    }

    /** Adds (to) a condition's cumulative exposure in the stage. */
    public Builder condition(
        String name,
        double candidateKm,
        long candidateInterventions,
        double stableKm,
        long stableInterventions) {
      ConditionExposure add =
          new ConditionExposure(
              Exposure.of(candidateKm, candidateInterventions),
              Exposure.of(stableKm, stableInterventions));
      conditions.merge(name, add, ConditionExposure::plus);
      return this;
    }

    /** Exposure without a condition split. */
    public Builder total(
        double candidateKm,
        long candidateInterventions,
        double stableKm,
        long stableInterventions) {
      return condition(ALL, candidateKm, candidateInterventions, stableKm, stableInterventions);
    }

    public StageData build() {
      return new StageData(stage, stageMinKm, conditions);
    }
  }
}
