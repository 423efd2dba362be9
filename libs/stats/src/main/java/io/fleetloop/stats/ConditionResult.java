package io.fleetloop.stats;

/**
 * One driving condition at one look.
 *
 * @param condition the condition's name, e.g. {@code fog}
 * @param candidate candidate exposure in the stage
 * @param stable stable exposure in the stage
 * @param rate the candidate's interventions per 1,000 km in the stage; {@code null} at 0 km (its
 *     exact interval, computed on demand: {@link #interval})
 * @param baselineRate the stable rate in the stage; {@code null} at 0 km
 * @param sequentialP this condition's always-valid p-value over the release
 * @param judgement whether the condition was judged on its own, and if not why
 * @param alpha the level it is judged at ({@code alpha / 2 / slots}); 0 when not judged
 * @param regression whether it fails the stage
 */
public record ConditionResult(
    String condition,
    Exposure candidate,
    Exposure stable,
    Double rate,
    Double baselineRate,
    double sequentialP,
    Judgement judgement,
    double alpha,
    boolean regression) {

  /** The candidate's rate in the stage with its exact (Garwood) interval; {@code null} at 0 km. */
  public RateEstimate interval(double confidence) {
    return candidate.km() > 0 ? Rates.rate(candidate, confidence) : null;
  }

  /** Whether and why a condition is judged on its own. */
  public enum Judgement {
    /** Judged alone at {@code alpha / 2 / slots}. */
    JUDGED,
    /** Holds a slot but drove less than {@code minConditionKm} in the stage. */
    TOO_LITTLE_EXPOSURE,
    /** All slots were taken before this condition appeared: counts only in the overall test. */
    NO_SLOT,
    /** {@code perCondition} is off: counts only in the overall test. */
    NOT_SPLIT
  }
}
