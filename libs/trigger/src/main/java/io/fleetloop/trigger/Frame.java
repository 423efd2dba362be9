package io.fleetloop.trigger;

/**
 * One perception/control frame as a trigger condition sees it: the CEL variable {@code frame}.
 *
 * <p>A plain value, built once per frame by the edge agent (or the fleet simulator); see {@link
 * TriggerVariables#FRAME} for the CEL view of every field. Ranges are documented, not enforced: the
 * per-frame loop never throws on an odd sensor value, and conditions see exactly what the device
 * measured.
 *
 * @param speedMps forward speed, metres per second (CEL {@code double})
 * @param accelMps2 longitudinal acceleration, metres per second squared; negative when braking (CEL
 *     {@code double})
 * @param steering steering command, -1 (full left) .. 1 (full right) (CEL {@code double})
 * @param brake brake command, 0 (released) .. 1 (full) (CEL {@code double})
 * @param takeover true when the human took control on this frame (CEL {@code bool})
 * @param ttcSeconds time to collision with the nearest object on the current course, seconds;
 *     {@link #TTC_NONE} when there is none (CEL {@code double})
 * @param lateralOffsetM lateral offset from the lane centre, metres; positive to the left (CEL
 *     {@code double})
 * @param pedestrians pedestrians detected on this frame (CEL {@code int})
 * @param vehiclesNearby vehicles detected within the perception range (CEL {@code int})
 * @param timestampMs capture time, milliseconds since the Unix epoch (CEL {@code int})
 */
public record Frame(
    double speedMps,
    double accelMps2,
    double steering,
    double brake,
    boolean takeover,
    double ttcSeconds,
    double lateralOffsetM,
    int pedestrians,
    int vehiclesNearby,
    long timestampMs) {

  /** {@link #ttcSeconds()} when nothing is on a collision course: a million seconds. */
  public static final double TTC_NONE = 1.0e6;

  /** A builder starting from a stationary, empty scene ({@code ttcSeconds = TTC_NONE}). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this frame's values. */
  public Builder toBuilder() {
    return new Builder()
        .speedMps(speedMps)
        .accelMps2(accelMps2)
        .steering(steering)
        .brake(brake)
        .takeover(takeover)
        .ttcSeconds(ttcSeconds)
        .lateralOffsetM(lateralOffsetM)
        .pedestrians(pedestrians)
        .vehiclesNearby(vehiclesNearby)
        .timestampMs(timestampMs);
  }

  /** Fluent builder; every field has a default, so tests set only what they are about. */
  public static final class Builder {
    private double speedMps;
    private double accelMps2;
    private double steering;
    private double brake;
    private boolean takeover;
    private double ttcSeconds = TTC_NONE;
    private double lateralOffsetM;
    private int pedestrians;
    private int vehiclesNearby;
    private long timestampMs;

    private Builder() {}

    public Builder speedMps(double value) {
      this.speedMps = value;
      return this;
    }

    public Builder accelMps2(double value) {
      this.accelMps2 = value;
      return this;
    }

    public Builder steering(double value) {
      this.steering = value;
      return this;
    }

    public Builder brake(double value) {
      this.brake = value;
      return this;
    }

    public Builder takeover(boolean value) {
      this.takeover = value;
      return this;
    }

    public Builder ttcSeconds(double value) {
      this.ttcSeconds = value;
      return this;
    }

    public Builder lateralOffsetM(double value) {
      this.lateralOffsetM = value;
      return this;
    }

    public Builder pedestrians(int value) {
      this.pedestrians = value;
      return this;
    }

    public Builder vehiclesNearby(int value) {
      this.vehiclesNearby = value;
      return this;
    }

    public Builder timestampMs(long value) {
      this.timestampMs = value;
      return this;
    }

    public Frame build() {
      return new Frame(
          speedMps,
          accelMps2,
          steering,
          brake,
          takeover,
          ttcSeconds,
          lateralOffsetM,
          pedestrians,
          vehiclesNearby,
          timestampMs);
    }
  }
}
