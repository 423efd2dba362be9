package io.fleetloop.trainer.heartbeat;

import io.fleetloop.stats.ConditionalBinomialTest;
import io.fleetloop.stats.Exposure;
import io.fleetloop.stats.RateComparison;
import io.fleetloop.trigger.Env;
import io.fleetloop.world.Conditions;
import io.fleetloop.world.FleetSimulator;
import io.fleetloop.world.FleetStats;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.WorldConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * Closed-loop driving of two models in the same world (same seed, so the same roads, weather and
 * hazards), judged as the rollout analysis judges a stage: interventions per 1,000 km (the
 * simulator's {@code InterventionRule}, which the devices report as exposure) overall and per
 * driving condition ({@code Conditions.label}, the rollout's per-condition units), with the exact
 * conditional binomial comparison of libs/stats.
 */
public final class ClosedLoop {
  private ClosedLoop() {}

  /** The fleet's statistics after {@code model} drove {@code ticks} ticks of {@code world}. */
  public static FleetStats drive(PolicyModel model, WorldConfig world, int ticks) {
    try (FleetSimulator sim = FleetSimulator.driving(world, model)) {
      sim.run(ticks);
      return sim.stats();
    }
  }

  /**
   * One group's comparison of the candidate with the stable model.
   *
   * @param group {@code all} or a condition label
   * @param comparison the exact comparison; {@code ratioHigh} is the 95% upper bound of the
   *     candidate's rate over the stable one
   */
  public record Group(String group, RateComparison comparison) {
    /** Candidate per 1,000 km. */
    public double candidateRate() {
      return comparison.candidate().per1000Km();
    }

    /** Stable per 1,000 km. */
    public double stableRate() {
      return comparison.stable().per1000Km();
    }

    /** {@code clear/highway/day/dry 412 km 310.2 vs 1,735.0 /1000 km ratio 0.18 [0.15, 0.22]}. */
    public String line() {
      RateComparison c = comparison;
      return String.format(
          Locale.ROOT,
          "%-28s %7.0f km %5d vs %5d interventions  %8.1f vs %8.1f /1000 km  ratio %.2f [%.2f, %.2f]",
          group,
          c.candidate().km(),
          c.candidate().interventions(),
          c.stable().interventions(),
          candidateRate(),
          stableRate(),
          c.ratio(),
          c.ratioLow(),
          c.ratioHigh());
    }
  }

  /**
   * The groups compared: {@code all}; {@code common} and {@code rare}; every weather and every zone
   * (the groups {@code up} prints per generation); then every condition ({@code Conditions.label},
   * the units the rollout's per-condition analysis judges). Groups either model drove less than
   * {@code minKm} in are left out: too little exposure for any verdict (the stage's analysis has
   * none either below its exposure guard).
   */
  public static List<Group> compare(FleetStats candidate, FleetStats stable, double minKm) {
    List<Group> out = new ArrayList<>();
    add(out, "all", candidate, stable, Conditions.ALL, minKm);
    add(out, "common", candidate, stable, Conditions.COMMON, minKm);
    add(out, "rare", candidate, stable, Conditions.RARE, minKm);
    Env.Weather[] weathers = Env.Weather.values();
    for (int w = 0; w < weathers.length; w++) {
      int weather = w;
      add(
          out,
          "weather=" + weathers[w].wire(),
          candidate,
          stable,
          i -> Conditions.weather(i) == weather,
          minKm);
    }
    Env.Zone[] zones = Env.Zone.values();
    for (int z = 0; z < zones.length; z++) {
      int zone = z;
      add(
          out,
          "zone=" + zones[z].wire(),
          candidate,
          stable,
          i -> Conditions.zone(i) == zone,
          minKm);
    }
    for (int c = 0; c < Conditions.COUNT; c++) {
      int condition = c;
      add(out, Conditions.label(c), candidate, stable, i -> i == condition, minKm);
    }
    return out;
  }

  private static void add(
      List<Group> out,
      String name,
      FleetStats candidate,
      FleetStats stable,
      IntPredicate which,
      double minKm) {
    if (candidate.km(which) >= minKm && stable.km(which) >= minKm) {
      out.add(group(name, candidate, stable, which));
    }
  }

  private static Group group(String name, FleetStats c, FleetStats s, IntPredicate which) {
    return new Group(
        name,
        ConditionalBinomialTest.compare(
            Exposure.of(c.km(which), c.interventions(which)),
            Exposure.of(s.km(which), s.interventions(which)),
            1.0,
            0.95));
  }
}
