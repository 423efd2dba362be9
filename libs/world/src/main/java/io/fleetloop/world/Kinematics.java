package io.fleetloop.world;

/**
 * The vehicle model, integrated at {@link WorldConfig#DT_S} (10 Hz): a point mass with a
 * longitudinal acceleration from the executed {@link Longitudinal} category and a kinematic
 * bicycle-like lateral model in lane coordinates.
 *
 * <ul>
 *   <li>Speed: {@code v' = clamp(v + a·dt, 0, V_MAX)}; the distance of a frame is the exact
 *       distance of that constant acceleration (the trapezoid, or {@code v²/2|a|} when the vehicle
 *       stops within the frame). Distance is counted per vehicle in integer micrometres, so fleet
 *       and per-condition totals are exact integer sums whatever the thread count.
 *   <li>Lateral: steering {@code s ∈ [-1, 1]} (positive = right) commands the path curvature {@code
 *       c = -s · C_MAX}; in lane coordinates over the distance {@code dx} of the frame the heading
 *       error changes by {@code (c − κ)·dx} ({@code κ}: the road's curvature, positive to the left)
 *       and the lateral offset by {@code sin(ψ)·dx}. Heading and offset are clamped to {@code
 *       ±MAX_HEADING} and {@code ±MAX_OFFSET} (the road's edge).
 * </ul>
 */
public final class Kinematics {
  /** Path curvature of full steering, 1/m (a 20 m radius). */
  public static final double C_MAX = 0.05;

  /** Top speed, m/s. */
  public static final double V_MAX = 45.0;

  /** Heading error clamp, radians. */
  public static final double MAX_HEADING = 0.5;

  /** Lateral offset clamp, metres: the edge of the road. */
  public static final double MAX_OFFSET = 3.5;

  private static final double[] FRICTION = {1.0, 0.7, 0.3};

  private Kinematics() {}

  /** Tyre-road friction coefficient for an {@code Env.Road} ordinal: dry 1.0, wet 0.7, icy 0.3. */
  public static double friction(int road) {
    return FRICTION[road];
  }

  /** Speed after one step of {@code dt} at acceleration {@code a}. */
  public static double nextSpeed(double v, double a, double dt) {
    double n = v + a * dt;
    return n < 0 ? 0 : (n > V_MAX ? V_MAX : n);
  }

  /** Exact distance covered in one step from speed {@code v} at acceleration {@code a}. */
  public static double distance(double v, double a, double dt) {
    double n = v + a * dt;
    if (n >= 0) {
      if (n > V_MAX) {
        // reaches V_MAX within the step, then cruises
        double t = (V_MAX - v) / a;
        return (v + V_MAX) * 0.5 * t + V_MAX * (dt - t);
      }
      return (v + n) * 0.5 * dt;
    }
    return v * v / (-2 * a);
  }

  /** Metres to integer micrometres, rounded half up. */
  public static long toMicrometres(double metres) {
    return (long) (metres * 1e6 + 0.5);
  }
}
