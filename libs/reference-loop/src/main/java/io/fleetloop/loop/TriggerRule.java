package io.fleetloop.loop;

import io.fleetloop.edge.EdgeTrigger;
import io.fleetloop.edge.TriggerSet;
import io.fleetloop.world.Conditions;
import io.fleetloop.world.FleetStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The loop's DataTriggers and its trigger-adjustment rule.
 *
 * <p>Every generation runs two standing triggers: {@code takeovers} ({@code frame.takeover}) and
 * {@code shadow-disagreement} ({@code shadow.disagreement > 0.3}, firing where a shadow model
 * runs). From generation 1 on a third, {@code focus}, captures the weather × zone group where the
 * previous generation failed most: the group with the highest interventions per 1,000 km among
 * those with at least {@value #MIN_KM_SHARE} of the fleet's km. The rule is re-applied every
 * generation, so the focus follows the failures as they move.
 */
final class TriggerRule {
  /** Share of the fleet's km a group needs before it can be the focus. */
  static final double MIN_KM_SHARE = 0.005;

  private TriggerRule() {}

  /**
   * The trigger set of the generation whose predecessor drove {@code previous} ({@code null} for
   * generation 0), and the focus in words.
   */
  record Choice(TriggerSet triggers, String focus) {}

  static Choice forGeneration(long generation, FleetStats previous) {
    List<EdgeTrigger> triggers = new ArrayList<>();
    triggers.add(
        EdgeTrigger.builder(EdgeTrigger.idOf("loop", "takeovers"), "frame.takeover")
            .generation(generation + 1)
            .priority(90)
            .window(Duration.ofSeconds(3), Duration.ofSeconds(1))
            .cooldown(Duration.ofSeconds(5))
            .clipsPerDevicePerDay(1_000)
            .build());
    triggers.add(
        EdgeTrigger.builder(
                EdgeTrigger.idOf("loop", "shadow-disagreement"), "shadow.disagreement > 0.3")
            .generation(generation + 1)
            .priority(50)
            .window(Duration.ofSeconds(2), Duration.ofSeconds(1))
            .cooldown(Duration.ofSeconds(10))
            .clipsPerDevicePerDay(1_000)
            .build());
    String focus = "none (generation 0: no measurements yet)";
    if (previous != null) {
      int[] worst = worstGroup(previous);
      if (worst != null) {
        String w = GroupRate.WEATHERS[worst[0]];
        String z = GroupRate.ZONES[worst[1]];
        String condition = "env.weather == '" + w + "' && env.zone == '" + z + "'";
        triggers.add(
            EdgeTrigger.builder(EdgeTrigger.idOf("loop", "focus"), condition)
                .generation(generation + 1)
                .priority(70)
                .window(Duration.ofSeconds(3), Duration.ofSeconds(1))
                .cooldown(Duration.ofSeconds(15))
                .clipsPerDevicePerDay(1_000)
                .build());
        focus = condition;
      }
    }
    return new Choice(TriggerSet.compile(triggers), focus);
  }

  /** {weather, zone} of the worst-rate group with enough km, or null when none has. */
  static int[] worstGroup(FleetStats stats) {
    double minKm = MIN_KM_SHARE * stats.km();
    int[] best = null;
    double bestRate = -1;
    for (int w = 0; w < GroupRate.WEATHERS.length; w++) {
      for (int z = 0; z < GroupRate.ZONES.length; z++) {
        int weather = w;
        int zone = z;
        double km = stats.km(i -> Conditions.weather(i) == weather && Conditions.zone(i) == zone);
        if (km < minKm || !(km > 0)) {
          continue;
        }
        double rate =
            stats.ratePer1000Km(
                i -> Conditions.weather(i) == weather && Conditions.zone(i) == zone);
        if (rate > bestRate) {
          bestRate = rate;
          best = new int[] {w, z};
        }
      }
    }
    return best;
  }
}
