package io.fleetloop.world;

import io.fleetloop.trigger.Env.Light;
import io.fleetloop.trigger.Env.Road;
import io.fleetloop.trigger.Env.Weather;
import io.fleetloop.trigger.Env.Zone;

/**
 * The "human driver": the ground-truth action for a vehicle's full state, including what a policy
 * cannot perceive (hidden hazards). Pure functions over primitives; the per-condition parameters
 * are tables built once.
 *
 * <h2>Action space</h2>
 *
 * An action is a {@link Longitudinal} category (brake_hard, brake, cruise, accelerate) and a
 * steering command {@code s ∈ [-1, 1]} (positive = right, path curvature {@code -s·C_MAX}).
 *
 * <h2>Target speed</h2>
 *
 * {@code vT = zoneLimit × weather × light × road}, with zone limits highway 30, urban 14,
 * residential 10, construction 12, school 8 m/s; factors rain 0.85, fog 0.55, snow 0.6; dusk 0.92,
 * night 0.8; wet 0.9, icy 0.5. With pedestrians in view it is capped per zone (urban 10,
 * residential 7, construction 8, school 5 m/s), and in curves at {@code sqrt(2.5·μ/|κ|)}. Rules a
 * model cannot get from the single factors (the tail):
 *
 * <ul>
 *   <li>fog in a construction zone: crawl at 3 m/s (the cones vanish in fog);
 *   <li>icy road in a school zone at night: 3 m/s, and 1.5 m/s with pedestrians in view;
 *   <li>snow on a highway at night: keep 0.8 m to the right, in the tracks (lateral target −0.8 m).
 * </ul>
 *
 * <h2>Longitudinal rule</h2>
 *
 * With caution {@code k = weather (clear 1, rain 1.2, fog 1.6, snow 1.5) × light (day 1, dusk 1.1,
 * night 1.25) × road (dry 1, wet 1.2, icy 2)}, in order, the first that applies:
 *
 * <ol>
 *   <li>a hidden hazard: brake_hard;
 *   <li>time to collision below {@code 1.6·k} s, or a deceleration above half the brake_hard
 *       deceleration needed to stop closing in on the lead vehicle or the obstacle 3 m short of it
 *       ({@code closing² / 2(gap − 3)}): brake_hard;
 *   <li>time to collision below {@code 3.2·k} s, or that needed deceleration above 0.6 × the brake
 *       deceleration: brake;
 *   <li>a standing obstacle (crossing pedestrian) closer than {@code 6 + 2v} m: brake, or cruise
 *       once stopped;
 *   <li>closing in on the lead vehicle with a time headway below {@code 1.0·k} s: brake;
 *   <li>over the target speed by more than {@code max(4, 0.35·vT)}: brake_hard; by more than 1 m/s:
 *       brake;
 *   <li>under it by more than 1 m/s, with the lead further than {@code 2·k·v + 10} m and no
 *       obstacle within {@code 30 + 3v} m: accelerate;
 *   <li>otherwise cruise.
 * </ol>
 *
 * <h2>Steering</h2>
 *
 * Lane keeping to a lateral target {@code yT} (0, construction zones −1.5 m: the lane is shifted
 * right), with look-ahead {@code L = max(8, 1.5 v)}: {@code c = κ + g·(2(yT − y)/L² − 2ψ/L)},
 * {@code s = clamp(−c / C_MAX, ±m)}; on ice the gain {@code g} is 0.6 and {@code m} 0.5 (gentle
 * inputs), otherwise {@code g = 1}, {@code m = 1}.
 */
public final class Oracle {
  private static final double[] ZONE_LIMIT = {30, 14, 10, 12, 8};
  private static final double[] WEATHER_F = {1.0, 0.85, 0.55, 0.6};
  private static final double[] LIGHT_F = {1.0, 0.92, 0.8};
  private static final double[] ROAD_F = {1.0, 0.9, 0.5};
  private static final double[] PED_LIMIT = {Double.POSITIVE_INFINITY, 10, 7, 8, 5};
  private static final double[] WEATHER_K = {1.0, 1.2, 1.6, 1.5};
  private static final double[] LIGHT_K = {1.0, 1.1, 1.25};
  private static final double[] ROAD_K = {1.0, 1.2, 2.0};

  private static final int N = Conditions.COUNT;
  private static final double[] LIMIT = new double[N];
  private static final double[] LIMIT_PED = new double[N];
  private static final double[] CAUTION = new double[N];
  private static final double[] MU = new double[N];
  private static final double[] Y_TARGET = new double[N];
  private static final double[] GAIN = new double[N];
  private static final double[] STEER_MAX = new double[N];

  static {
    for (int i = 0; i < N; i++) {
      int w = Conditions.weather(i);
      int z = Conditions.zone(i);
      int l = Conditions.light(i);
      int r = Conditions.road(i);
      double limit = ZONE_LIMIT[z] * WEATHER_F[w] * LIGHT_F[l] * ROAD_F[r];
      double pedLimit = PED_LIMIT[z];
      boolean fogConstruction = w == Weather.FOG.ordinal() && z == Zone.CONSTRUCTION.ordinal();
      boolean icyNightSchool =
          r == Road.ICY.ordinal() && l == Light.NIGHT.ordinal() && z == Zone.SCHOOL.ordinal();
      boolean snowNightHighway =
          w == Weather.SNOW.ordinal() && l == Light.NIGHT.ordinal() && z == Zone.HIGHWAY.ordinal();
      if (fogConstruction) {
        limit = Math.min(limit, 3.0);
      }
      if (icyNightSchool) {
        limit = Math.min(limit, 3.0);
        pedLimit = 1.5;
      }
      LIMIT[i] = limit;
      LIMIT_PED[i] = Math.min(limit, pedLimit);
      CAUTION[i] = WEATHER_K[w] * LIGHT_K[l] * ROAD_K[r];
      MU[i] = Kinematics.friction(r);
      Y_TARGET[i] = z == Zone.CONSTRUCTION.ordinal() ? -1.5 : snowNightHighway ? -0.8 : 0.0;
      boolean icy = r == Road.ICY.ordinal();
      GAIN[i] = icy ? 0.6 : 1.0;
      STEER_MAX[i] = icy ? 0.5 : 1.0;
    }
  }

  private Oracle() {}

  /** Friction coefficient of a condition's road surface. */
  public static double friction(int condition) {
    return MU[condition];
  }

  /** The caution factor {@code k} of a condition (time thresholds scale with it). */
  public static double caution(int condition) {
    return CAUTION[condition];
  }

  /** The target speed, m/s, for a condition, the pedestrians in view and the road curvature. */
  public static double targetSpeed(int condition, int pedestrians, double curvature) {
    double vT = pedestrians > 0 ? LIMIT_PED[condition] : LIMIT[condition];
    double k = Math.abs(curvature);
    if (k > 1e-6) {
      double curve = Math.sqrt(2.5 * MU[condition] / k);
      if (curve < vT) {
        vT = curve;
      }
    }
    return vT;
  }

  /**
   * The human's brake/throttle category ({@link Longitudinal} ordinal).
   *
   * @param speed current speed, m/s
   * @param targetSpeed {@link #targetSpeed(int, int, double)}
   * @param ttc time to collision, s ({@code io.fleetloop.trigger.Frame.TTC_NONE} when none)
   * @param leadGap gap to the lead vehicle, m; {@code +∞} when there is none
   * @param leadSpeed the lead vehicle's speed, m/s
   * @param obstacle distance to a standing obstacle in the lane, m; {@code +∞} when none
   * @param hazard whether a hazard only the human perceives is present
   */
  public static int longitudinal(
      int condition,
      double speed,
      double targetSpeed,
      double ttc,
      double leadGap,
      double leadSpeed,
      double obstacle,
      boolean hazard) {
    if (hazard) {
      return 0;
    }
    double k = CAUTION[condition];
    if (ttc < 1.6 * k) {
      return 0;
    }
    double need = Math.max(required(speed - leadSpeed, leadGap), required(speed, obstacle));
    double mu = MU[condition];
    if (need > 0.5 * -Longitudinal.accel(0, mu)) {
      return 0;
    }
    if (ttc < 3.2 * k || need > 0.6 * -Longitudinal.accel(1, mu)) {
      return 1;
    }
    if (obstacle < 6 + 2 * speed) {
      return speed > 0.2 ? 1 : 2;
    }
    if (speed > leadSpeed && leadGap < 1.0 * k * speed) {
      return 1;
    }
    double over = speed - targetSpeed;
    if (over > Math.max(4.0, 0.35 * targetSpeed)) {
      return 0;
    }
    if (over > 1.0) {
      return 1;
    }
    if (over < -1.0 && leadGap > 2 * k * speed + 10 && obstacle > 30 + 3 * speed) {
      return 3;
    }
    return 2;
  }

  /** Deceleration that stops closing in on an object {@code gap} m ahead 3 m short of it. */
  private static double required(double closing, double gap) {
    if (!(closing > 0) || gap == Double.POSITIVE_INFINITY) {
      return 0;
    }
    return closing * closing / (2 * Math.max(gap - 3, 0.1));
  }

  /**
   * The human's steering command, -1 .. 1 (positive = right).
   *
   * @param speed m/s
   * @param offset lateral offset from the lane centre, m, positive to the left
   * @param heading heading relative to the lane, radians, positive to the left
   * @param curvature the road's curvature, 1/m, positive to the left
   */
  public static double steering(
      int condition, double speed, double offset, double heading, double curvature) {
    double look = Math.max(8.0, 1.5 * speed);
    double c =
        curvature
            + GAIN[condition]
                * (2 * (Y_TARGET[condition] - offset) / (look * look) - 2 * heading / look);
    double s = -c / Kinematics.C_MAX;
    double m = STEER_MAX[condition];
    return s > m ? m : (s < -m ? -m : s);
  }
}
