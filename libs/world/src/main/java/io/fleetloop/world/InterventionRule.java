package io.fleetloop.world;

/**
 * When the driving model's action departs dangerously enough from the human oracle's that the human
 * takes over: an intervention.
 *
 * <h2>Danger of one frame</h2>
 *
 * {@code danger = max(D[oracle][model], v² · C_MAX · |s_model − s_oracle| / lateralAccelTolerance)}
 *
 * <ul>
 *   <li>{@code D} is the longitudinal danger matrix below (rows: the oracle's {@link Longitudinal},
 *       columns: the model's). Braking less than the human when the human brakes is worse than
 *       braking more; phantom hard braking is dangerous too (rear-end risk).
 *   <li>The steering term is the lateral-acceleration mismatch the two steering commands would
 *       produce at the current speed {@code v} ({@code C_MAX} = {@value Kinematics#C_MAX} 1/m per
 *       unit of steering), relative to {@link #lateralAccelToleranceMps2()}: a steering difference
 *       that is harmless at walking pace is dangerous at highway speed.
 * </ul>
 *
 * <pre>
 *                 model: brake_hard  brake  cruise  accelerate
 * oracle brake_hard          0.0      0.7    1.0      1.0
 * oracle brake               0.3      0.0    0.4      0.8
 * oracle cruise              0.7      0.2    0.0      0.3
 * oracle accelerate          0.8      0.3    0.0      0.0
 * </pre>
 *
 * <h2>Intervention</h2>
 *
 * A frame is <em>dangerous</em> when {@code danger >= dangerThreshold}. An intervention happens on
 * the frame that completes {@link #consecutiveFrames()} dangerous frames in a row while the model
 * drives: that frame carries {@code frame.takeover = true}, the human drives from that frame on for
 * {@link #cooldownFrames()} frames (executing the oracle's action), and no further intervention can
 * be counted until the model drives again, so one incident counts once. The intervention is
 * attributed to the condition of its takeover frame.
 *
 * @param dangerThreshold a frame is dangerous at or above this danger (0 .. 1]
 * @param consecutiveFrames dangerous frames in a row that make an intervention (at 10 Hz)
 * @param cooldownFrames frames the human keeps control after a takeover, the takeover frame
 *     included
 * @param lateralAccelToleranceMps2 the lateral-acceleration mismatch that counts as danger 1.0
 */
public record InterventionRule(
    double dangerThreshold,
    int consecutiveFrames,
    int cooldownFrames,
    double lateralAccelToleranceMps2) {

  /** Danger 0.5, five frames (0.5 s) in a row, ten seconds of human control, 2 m/s². */
  public static final InterventionRule DEFAULT = new InterventionRule(0.5, 5, 100, 2.0);

  private static final double[] MATRIX = {
    0.0, 0.7, 1.0, 1.0, //
    0.3, 0.0, 0.4, 0.8, //
    0.7, 0.2, 0.0, 0.3, //
    0.8, 0.3, 0.0, 0.0,
  };

  public InterventionRule {
    if (!(dangerThreshold > 0 && dangerThreshold <= 1)) {
      throw new IllegalArgumentException("dangerThreshold must be in (0, 1]: " + dangerThreshold);
    }
    if (consecutiveFrames < 1 || cooldownFrames < 1) {
      throw new IllegalArgumentException("consecutiveFrames and cooldownFrames must be >= 1");
    }
    if (!(lateralAccelToleranceMps2 > 0)) {
      throw new IllegalArgumentException("lateralAccelToleranceMps2 must be positive");
    }
  }

  /** The longitudinal danger {@code D[oracle][model]}. */
  public static double longitudinalDanger(Longitudinal oracle, Longitudinal model) {
    return MATRIX[oracle.ordinal() * 4 + model.ordinal()];
  }

  /** The danger of one frame (see the class comment); {@code speedMps} is the current speed. */
  public double danger(
      Longitudinal oracle,
      double oracleSteering,
      Longitudinal model,
      double modelSteering,
      double speedMps) {
    return danger(oracle.ordinal(), oracleSteering, model.ordinal(), modelSteering, speedMps);
  }

  double danger(int oracle, double oracleSteering, int model, double modelSteering, double v) {
    double lon = MATRIX[oracle * 4 + model];
    double lat =
        v
            * v
            * Kinematics.C_MAX
            * Math.abs(modelSteering - oracleSteering)
            / lateralAccelToleranceMps2;
    return Math.max(lon, lat);
  }
}
