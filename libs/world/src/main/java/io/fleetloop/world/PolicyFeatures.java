package io.fleetloop.world;

import io.fleetloop.trigger.Frame;
import java.util.List;

/**
 * The policy's input vector ({@value #SCHEMA}): what a vehicle perceives, scaled to about unit
 * range, followed by the one-hot driving condition. Hidden state (hazards only the human sees, the
 * oracle's targets) is not in it.
 *
 * <pre>
 *  0 speed / 30                          8  obstacle: min(distance, 60) / 60, 1 when none
 *  1 lateral offset / 2                  9  pedestrians / 5, at most 2
 *  2 heading × 10                        10 vehicles nearby / 10, at most 2
 *  3 road curvature × 50                 11..14 weather one-hot (clear, rain, fog, snow)
 *  4 closing rate: min(1 / ttc, 2)       15..19 zone one-hot (highway, urban, residential,
 *  5 headway: min(gap / v, 5) / 5, 1 when no lead        construction, school)
 *  6 lead vehicle present (0/1)          20..22 light one-hot (day, dusk, night)
 *  7 lead speed − speed, / 10            23..25 road one-hot (dry, wet, icy)
 * </pre>
 */
public final class PolicyFeatures {
  /** The schema name stored in model artifacts. */
  public static final String SCHEMA = "fleetloop.policy-features/v1";

  /** Number of features. */
  public static final int COUNT = 26;

  /** Feature names, in order. */
  public static final List<String> NAMES =
      List.of(
          "speed",
          "lateralOffset",
          "heading",
          "curvature",
          "closingRate",
          "headway",
          "leadPresent",
          "leadRelativeSpeed",
          "obstacle",
          "pedestrians",
          "vehiclesNearby",
          "weather.clear",
          "weather.rain",
          "weather.fog",
          "weather.snow",
          "zone.highway",
          "zone.urban",
          "zone.residential",
          "zone.construction",
          "zone.school",
          "light.day",
          "light.dusk",
          "light.night",
          "road.dry",
          "road.wet",
          "road.icy");

  private PolicyFeatures() {}

  /**
   * Writes the features to {@code dst[base + f * step]} for feature {@code f}: {@code step = 1} for
   * one vector, {@code step = stride} for a column of a feature-major batch.
   *
   * @param ttc time to collision, s, {@link Frame#TTC_NONE} when none
   * @param leadGap gap to the lead vehicle, m, {@code +∞} when none
   * @param obstacle distance to a standing obstacle, m, {@code +∞} when none
   */
  public static void fill(
      float[] dst,
      int base,
      int step,
      int condition,
      double speed,
      double offset,
      double heading,
      double curvature,
      double ttc,
      double leadGap,
      double leadSpeed,
      double obstacle,
      int pedestrians,
      int vehiclesNearby) {
    boolean lead = leadGap != Double.POSITIVE_INFINITY;
    dst[base] = (float) (speed / 30.0);
    dst[base + step] = (float) (offset / 2.0);
    dst[base + 2 * step] = (float) (heading * 10.0);
    dst[base + 3 * step] = (float) (curvature * 50.0);
    dst[base + 4 * step] = ttc >= Frame.TTC_NONE ? 0f : (float) Math.min(1.0 / ttc, 2.0);
    dst[base + 5 * step] =
        lead ? (float) (Math.min(leadGap / Math.max(speed, 1.0), 5.0) / 5.0) : 1f;
    dst[base + 6 * step] = lead ? 1f : 0f;
    dst[base + 7 * step] = lead ? (float) ((leadSpeed - speed) / 10.0) : 0f;
    dst[base + 8 * step] =
        obstacle == Double.POSITIVE_INFINITY ? 1f : (float) (Math.min(obstacle, 60.0) / 60.0);
    dst[base + 9 * step] = Math.min(pedestrians, 10) / 5f;
    dst[base + 10 * step] = Math.min(vehiclesNearby, 20) / 10f;
    for (int f = 11; f < COUNT; f++) {
      dst[base + f * step] = 0f;
    }
    dst[base + (11 + Conditions.weather(condition)) * step] = 1f;
    dst[base + (15 + Conditions.zone(condition)) * step] = 1f;
    dst[base + (20 + Conditions.light(condition)) * step] = 1f;
    dst[base + (23 + Conditions.road(condition)) * step] = 1f;
  }
}
