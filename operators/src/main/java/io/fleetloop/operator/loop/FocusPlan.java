package io.fleetloop.operator.loop;

import io.fleetloop.stats.Exposure;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where the next generation's data should come from, pure: the condition group (weather × zone)
 * where the stable model intervenes most per 1,000 km, as a DataTrigger condition such as {@code
 * env.weather == 'fog' && env.zone == 'construction'}.
 *
 * <p>Exposure arrives per driving condition label {@code weather/zone/light/road} (world {@code
 * Conditions.label}); it is summed per {@code weather/zone}. Groups with less than {@code minKm}
 * are too thin to judge and are skipped; a model without any intervention has no focus. Once a
 * focus is chosen it moves only when another group's rate exceeds the current group's by the factor
 * {@code switchRatio} (hysteresis: two groups with nearly equal rates do not make the trigger flap
 * from look to look).
 *
 * @param minKm least km of a group for it to be judged
 * @param switchRatio how much higher another group's rate must be to move the focus (≥ 1)
 */
public record FocusPlan(double minKm, double switchRatio) {

  /** 20 km per group, move when 20% higher. */
  public static final FocusPlan DEFAULT = new FocusPlan(20.0, 1.2);

  public FocusPlan {
    if (!(minKm >= 0) || !(switchRatio >= 1.0)) {
      throw new IllegalArgumentException(
          "minKm must be >= 0 and switchRatio >= 1, got " + minKm + " and " + switchRatio);
    }
  }

  /**
   * A condition group and its measured rate.
   *
   * @param weather e.g. fog
   * @param zone e.g. construction
   * @param km driven in the group
   * @param interventions counted in the group
   */
  public record Focus(String weather, String zone, double km, long interventions) {
    /** Interventions per 1,000 km. */
    public double ratePer1000Km() {
      return km <= 0 ? 0 : interventions * 1000.0 / km;
    }

    /** The group's label, {@code fog/construction}. */
    public String group() {
      return weather + "/" + zone;
    }

    /** The DataTrigger condition that captures the group. */
    public String condition() {
      return "env.weather == '" + weather + "' && env.zone == '" + zone + "'";
    }
  }

  /**
   * The focus from {@code byCondition} (exposure of one version, per condition label), given the
   * condition the focus trigger has now ({@code null}: none yet).
   */
  public Optional<Focus> choose(Map<String, Exposure> byCondition, String currentCondition) {
    Objects.requireNonNull(byCondition, "byCondition");
    SortedMap<String, Focus> groups = new TreeMap<>();
    byCondition.forEach(
        (label, e) -> {
          String[] parts = label.split("/");
          if (parts.length < 2 || parts[0].isBlank() || parts[1].isBlank()) {
            return; // not a world condition label: cannot be turned into a trigger
          }
          groups.merge(
              parts[0] + "/" + parts[1],
              new Focus(parts[0], parts[1], e.km(), e.interventions()),
              (a, b) ->
                  new Focus(
                      a.weather(),
                      a.zone(),
                      a.km() + b.km(),
                      a.interventions() + b.interventions()));
        });
    Focus best = null;
    Focus current = null;
    for (Focus f : groups.values()) {
      if (f.km() < minKm) {
        continue;
      }
      if (f.condition().equals(currentCondition)) {
        current = f;
      }
      // first in name order wins a tie: deterministic
      if (best == null || f.ratePer1000Km() > best.ratePer1000Km()) {
        best = f;
      }
    }
    if (best == null || best.interventions() == 0) {
      return Optional.ofNullable(current);
    }
    if (current != null
        && current != best
        && best.ratePer1000Km() <= current.ratePer1000Km() * switchRatio) {
      return Optional.of(current);
    }
    return Optional.of(best);
  }
}
