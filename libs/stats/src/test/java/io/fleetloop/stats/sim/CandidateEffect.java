package io.fleetloop.stats.sim;

import java.util.Map;

/**
 * How the candidate's intervention rate relates to the stable one's, per condition.
 *
 * @param label the row's name in the tables
 * @param everywhere the multiplier in every condition not listed in {@code byCondition}
 * @param byCondition multipliers for particular conditions
 * @param deviceCv coefficient of variation of a device's own intervention propensity (0: every
 *     device alike, pure Poisson); a cohort of {@code d} devices then has a mean propensity with CV
 *     {@code deviceCv / sqrt(d)}, drawn once per stage, on both arms
 */
public record CandidateEffect(
    String label, double everywhere, Map<String, Double> byCondition, double deviceCv) {

  public CandidateEffect {
    byCondition = Map.copyOf(byCondition);
  }

  public static CandidateEffect uniform(String label, double multiplier) {
    return new CandidateEffect(label, multiplier, Map.of(), 0);
  }

  public static CandidateEffect onlyIn(String label, String condition, double multiplier) {
    return new CandidateEffect(label, 1, Map.of(condition, multiplier), 0);
  }

  public CandidateEffect elsewhere(double multiplier) {
    return new CandidateEffect(label, multiplier, byCondition, deviceCv);
  }

  public CandidateEffect withDeviceCv(double cv) {
    return new CandidateEffect(label, everywhere, byCondition, cv);
  }

  public double multiplier(String condition) {
    return byCondition.getOrDefault(condition, everywhere);
  }

  /** The candidate's overall rate over the stable's, at the fleet's condition mix. */
  public double pooledRatio(FleetModel fleet) {
    double c = 0;
    for (FleetModel.Condition cond : fleet.conditions()) {
      c += cond.kmShare() * cond.stableRatePer1000Km() * multiplier(cond.name());
    }
    return c / fleet.stableRate();
  }
}
