package io.fleetloop.stats.sim;

import java.util.List;

/**
 * The simulated fleet: driving conditions with their share of kilometres and the stable model's
 * intervention rate, the rollout's stages, and how much the fleet drives between two looks.
 *
 * @param conditions driving conditions; km shares sum to 1
 * @param stages the rollout, percent of the fleet on the candidate and the stage's minKm
 * @param fleetKmPerLook kilometres the whole fleet drives between two looks of the operator
 * @param devices devices in the fleet (for cohort heterogeneity)
 */
public record FleetModel(
    List<Condition> conditions, List<Stage> stages, double fleetKmPerLook, int devices) {

  /** A driving condition. */
  public record Condition(String name, double kmShare, double stableRatePer1000Km) {}

  /** A rollout stage; {@code minKm} 0 means none (the stage passes at minExposureKm). */
  public record Stage(int percent, double minKm) {}

  /**
   * The reference fleet: weather as the condition (fog rare and hard), about 0.8 interventions per
   * 1,000 km overall, 10,000 devices driving 10,000 km between looks, and the API's example stages
   * 1% / 10% / 50% / 100% with minKm 5,000 / 20,000 / 50,000 / none.
   */
  public static FleetModel reference() {
    return new FleetModel(
        List.of(
            new Condition("clear", 0.70, 0.6),
            new Condition("rain", 0.18, 1.0),
            new Condition("snow", 0.09, 1.5),
            new Condition("fog", 0.03, 2.0)),
        List.of(new Stage(1, 5000), new Stage(10, 20000), new Stage(50, 50000), new Stage(100, 0)),
        10_000,
        10_000);
  }

  /** The stable model's overall rate, per 1,000 km. */
  public double stableRate() {
    return conditions.stream().mapToDouble(c -> c.kmShare() * c.stableRatePer1000Km()).sum();
  }
}
