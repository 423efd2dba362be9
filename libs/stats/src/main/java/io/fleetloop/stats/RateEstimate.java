package io.fleetloop.stats;

/**
 * Interventions per 1,000 km with an exact two-sided confidence interval.
 *
 * @param exposure the kilometres and interventions the estimate is made from
 * @param confidence the interval's confidence level, e.g. 0.95
 * @param per1000Km the point estimate, interventions / km x 1000
 * @param ciLow lower bound (0 when no intervention was seen)
 * @param ciHigh upper bound
 */
public record RateEstimate(
    Exposure exposure, double confidence, double per1000Km, double ciLow, double ciHigh) {}
