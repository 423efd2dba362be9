package io.fleetloop.cli;

import io.fleetloop.stats.Exposure;
import io.fleetloop.world.Conditions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The driving-condition groups the local loop reports rates for, from the per-condition labels the
 * fleet reports to the release channel ({@code weather/zone/light/road}, e.g. {@code
 * fog/construction/night/wet}, libs/world {@code Conditions.label}): {@code all}, {@code common}
 * (clear, daylight, dry, highway or urban: what generation 0 was trained on), {@code rare}
 * (everything else), {@code weather=<w>} and {@code zone=<z>}.
 */
final class ConditionGroups {

  /** Every condition. */
  static final String ALL = "all";

  /** {@link Conditions#COMMON}. */
  static final String COMMON = "common";

  /** {@link Conditions#RARE}. */
  static final String RARE = "rare";

  private static final Map<String, Integer> INDEX = new LinkedHashMap<>();

  static {
    for (int i = 0; i < Conditions.COUNT; i++) {
      INDEX.put(Conditions.label(i), i);
    }
  }

  private ConditionGroups() {}

  /**
   * Sums per-condition exposure into the groups, in a fixed order: all, common, rare, then each
   * weather and each zone seen, in name order. A label the world does not know counts in {@code
   * all} (and in its weather/zone by the label's parts) but in neither common nor rare.
   */
  static Map<String, Exposure> group(Map<String, Exposure> byCondition) {
    Objects.requireNonNull(byCondition, "byCondition");
    Map<String, Exposure> out = new LinkedHashMap<>();
    out.put(ALL, Exposure.NONE);
    out.put(COMMON, Exposure.NONE);
    out.put(RARE, Exposure.NONE);
    Map<String, Exposure> weather = new java.util.TreeMap<>();
    Map<String, Exposure> zone = new java.util.TreeMap<>();
    byCondition.forEach(
        (label, exposure) -> {
          out.merge(ALL, exposure, Exposure::plus);
          Integer index = INDEX.get(label);
          if (index != null) {
            out.merge(Conditions.isCommon(index) ? COMMON : RARE, exposure, Exposure::plus);
          }
          String[] parts = label.split("/", -1);
          if (parts.length >= 2) {
            weather.merge("weather=" + parts[0], exposure, Exposure::plus);
            zone.merge("zone=" + parts[1], exposure, Exposure::plus);
          }
        });
    out.putAll(weather);
    out.putAll(zone);
    return out;
  }
}
