package io.fleetloop.audit.api.event;

/**
 * What the release analysis measured in one driving condition ({@code all} for the whole stage).
 *
 * @param km exposure in the window
 * @param interventions interventions counted
 * @param rate interventions per 1,000 km
 * @param ciLow lower exact Poisson bound of the rate
 * @param ciHigh upper exact Poisson bound of the rate
 * @param baselineRate the stable model's rate over the same window
 * @param verdict {@code Pass}, {@code Fail} or {@code Inconclusive}
 */
public record Measurement(
    String condition,
    double km,
    long interventions,
    double rate,
    double ciLow,
    double ciHigh,
    double baselineRate,
    String verdict) {}
