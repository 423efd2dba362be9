package io.fleetloop.stats;

/**
 * Kilometres driven and the interventions counted over them: the raw material of every release
 * statistic. Exposures add up (two windows, two conditions) and subtract (the increment between two
 * cumulative readings).
 *
 * @param km kilometres driven, finite and {@code >= 0}
 * @param interventions interventions counted over those kilometres, {@code >= 0}
 */
public record Exposure(double km, long interventions) {

  /** No driving, no interventions. */
  public static final Exposure NONE = new Exposure(0, 0);

  public Exposure {
    if (!(km >= 0) || Double.isInfinite(km)) {
      throw new IllegalArgumentException("km must be a finite number >= 0, got " + km);
    }
    if (interventions < 0) {
      throw new IllegalArgumentException("interventions must be >= 0, got " + interventions);
    }
  }

  public static Exposure of(double km, long interventions) {
    return new Exposure(km, interventions);
  }

  public Exposure plus(Exposure other) {
    return new Exposure(km + other.km, interventions + other.interventions);
  }

  /**
   * The increment from an earlier cumulative reading to this one.
   *
   * @throws IllegalArgumentException if either figure went down (a cumulative reading never does)
   */
  public Exposure since(Exposure earlier) {
    // km are summed in floating point upstream: forgive a rounding crumb, not a real decrease
    double dKm = km - earlier.km;
    if (dKm < 0 && dKm > -1e-9 * Math.max(1, earlier.km)) {
      dKm = 0;
    }
    if (dKm < 0 || interventions < earlier.interventions) {
      throw new IllegalArgumentException(
          "cumulative exposure went down: " + earlier + " then " + this);
    }
    return new Exposure(dKm, interventions - earlier.interventions);
  }

  /** Interventions per 1,000 km; {@code NaN} when no kilometres were driven. */
  public double per1000Km() {
    return km > 0 ? interventions * 1000.0 / km : Double.NaN;
  }
}
