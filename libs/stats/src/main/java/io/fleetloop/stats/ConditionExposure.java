package io.fleetloop.stats;

/**
 * Candidate and stable exposure in one driving condition, over the same window.
 *
 * @param candidate kilometres and interventions of devices on the candidate
 * @param stable kilometres and interventions of devices on the stable version
 */
public record ConditionExposure(Exposure candidate, Exposure stable) {

  public static final ConditionExposure NONE = new ConditionExposure(Exposure.NONE, Exposure.NONE);

  public ConditionExposure plus(ConditionExposure other) {
    return new ConditionExposure(candidate.plus(other.candidate), stable.plus(other.stable));
  }
}
