package io.fleetloop.world;

/**
 * The brake/throttle half of a driving action: four categories, ordered from the strongest braking
 * to accelerating. {@link #wire()} is the discrete action name the simulator reports as {@code
 * shadow.activeAction} / {@code shadow.shadowAction}.
 *
 * <p>The acceleration a category produces depends on the road's friction {@code μ} (dry 1.0, wet
 * 0.7, icy 0.3): see {@link #accelMps2(double)}.
 */
public enum Longitudinal {
  /** Emergency braking: {@code -min(7, 8.5 μ)} m/s², brake pedal 1.0. */
  BRAKE_HARD("brake_hard", 1.0),
  /** Moderate braking: {@code -min(2.5, 4.25 μ)} m/s², brake pedal 0.35. */
  BRAKE("brake", 0.35),
  /** Hold the current speed: 0 m/s². */
  CRUISE("cruise", 0.0),
  /** Speed up: {@code +min(1.5, 3 μ)} m/s². */
  ACCELERATE("accelerate", 0.0);

  private static final Longitudinal[] VALUES = values();

  private final String wire;
  private final double brake;

  Longitudinal(String wire, double brake) {
    this.wire = wire;
    this.brake = brake;
  }

  /** The discrete action name, e.g. {@code "brake_hard"}. */
  public String wire() {
    return wire;
  }

  /** {@code frame.brake} while this category is executed, 0 .. 1. */
  public double brake() {
    return brake;
  }

  /** The longitudinal acceleration on a road with friction {@code mu}, m/s². */
  public double accelMps2(double mu) {
    return accel(ordinal(), mu);
  }

  /** The category of an ordinal. */
  public static Longitudinal of(int ordinal) {
    return VALUES[ordinal];
  }

  static double accel(int category, double mu) {
    switch (category) {
      case 0:
        return -Math.min(7.0, 8.5 * mu);
      case 1:
        return -Math.min(2.5, 4.25 * mu);
      case 2:
        return 0.0;
      default:
        return Math.min(1.5, 3.0 * mu);
    }
  }

  static double brake(int category) {
    return category == 0 ? 1.0 : category == 1 ? 0.35 : 0.0;
  }
}
