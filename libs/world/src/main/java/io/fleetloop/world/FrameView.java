package io.fleetloop.world;

import io.fleetloop.trigger.Device;
import io.fleetloop.trigger.Env;
import io.fleetloop.trigger.Frame;
import io.fleetloop.trigger.Shadow;

/**
 * One simulated frame, as a reusable cursor: primitive accessors cost nothing, and the trigger
 * records ({@link #toFrame()}, {@link #toShadow()}) are built only when asked for. {@link #env()}
 * and {@link #device()} are shared instances, never allocated per frame.
 *
 * <p>The frame reports what the vehicle perceived when it decided (speed, time to collision,
 * offset, counts) and what was executed (acceleration, steering, brake), plus the ground truth the
 * trigger variables do not carry: the oracle's action, the danger, who was driving.
 */
public final class FrameView {
  private final FleetSimulator sim;
  private final int worker;

  int vehicle;
  long tick;
  long timestampMs;
  int condition;
  double speed;
  double accel;
  double steering;
  double brake;
  boolean takeover;
  double ttc;
  double offset;
  double heading;
  double curvature;
  double leadGap;
  double leadSpeed;
  double obstacle;
  int pedestrians;
  int vehiclesNearby;
  boolean humanDriving;
  boolean hazard;
  double danger;
  int oracleCategory;
  double oracleSteering;
  int activeCategory;
  double activeSteering;
  int shadowCategory;
  double shadowSteering;
  double disagreement;

  FrameView(FleetSimulator sim, int worker) {
    this.sim = sim;
    this.worker = worker;
  }

  /** The worker thread delivering this frame, 0 .. threads − 1. */
  public int worker() {
    return worker;
  }

  /** Vehicle index, 0 .. vehicles − 1. */
  public int vehicle() {
    return vehicle;
  }

  /** Simulation tick (10 per second) of this frame. */
  public long tick() {
    return tick;
  }

  /** The {@link Conditions} index. */
  public int condition() {
    return condition;
  }

  /** The driving environment (a shared instance). */
  public Env env() {
    return Conditions.env(condition);
  }

  /** The vehicle's device (one instance per vehicle). */
  public Device device() {
    return sim.device(vehicle);
  }

  public double speedMps() {
    return speed;
  }

  public double accelMps2() {
    return accel;
  }

  /** The executed steering command. */
  public double steering() {
    return steering;
  }

  /** The executed brake command. */
  public double brake() {
    return brake;
  }

  /** Whether the human took control on this frame (an intervention). */
  public boolean takeover() {
    return takeover;
  }

  public double ttcSeconds() {
    return ttc;
  }

  public double lateralOffsetM() {
    return offset;
  }

  public int pedestrians() {
    return pedestrians;
  }

  public int vehiclesNearby() {
    return vehiclesNearby;
  }

  public long timestampMs() {
    return timestampMs;
  }

  /**
   * Whether the human executed this frame's action (takeover cooldown, or {@link Driver#HUMAN}).
   */
  public boolean humanDriving() {
    return humanDriving;
  }

  /** Whether a hazard only the human perceives is present (ground truth). */
  public boolean hiddenHazard() {
    return hazard;
  }

  /**
   * The {@link InterventionRule} danger of the active model's action on this frame; {@code NaN}
   * when no danger was assessed (no active model, or the human is in control).
   */
  public double danger() {
    return danger;
  }

  /** The oracle's (human's) category: ground truth. */
  public Longitudinal oracleAction() {
    return Longitudinal.of(oracleCategory);
  }

  /** The oracle's category ordinal. */
  public int oracleCategory() {
    return oracleCategory;
  }

  /** The oracle's steering: ground truth. */
  public double oracleSteering() {
    return oracleSteering;
  }

  /** The active model's category ordinal, -1 when the vehicle has no active model. */
  public int activeCategory() {
    return activeCategory;
  }

  /** The active model's steering (0 without a model). */
  public double activeSteering() {
    return activeSteering;
  }

  /** The shadow model's category ordinal, -1 when there is no shadow candidate. */
  public int shadowCategory() {
    return shadowCategory;
  }

  /** The shadow model's steering (0 without one). */
  public double shadowSteering() {
    return shadowSteering;
  }

  /**
   * {@code shadow.disagreement}: {@code max(TV(p_active, p_shadow), |s_active − s_shadow| / 2)},
   * the total-variation distance of the two models' category distributions or half their steering
   * difference, whichever is larger; 0 .. 1, and 0 without a shadow candidate.
   */
  public double disagreement() {
    return disagreement;
  }

  /** The policy features the active model saw (or would have seen) on this frame. */
  public void features(float[] dst, int offset) {
    PolicyFeatures.fill(
        dst,
        offset,
        1,
        condition,
        speed,
        this.offset,
        heading,
        curvature,
        ttc,
        leadGap,
        leadSpeed,
        obstacle,
        pedestrians,
        vehiclesNearby);
  }

  /** A {@code frame} record for trigger evaluation (allocates). */
  public Frame toFrame() {
    return new Frame(
        speed,
        accel,
        steering,
        brake,
        takeover,
        ttc,
        offset,
        pedestrians,
        vehiclesNearby,
        timestampMs);
  }

  /** A {@code shadow} record (allocates), or {@link Shadow#NONE} without a shadow candidate. */
  public Shadow toShadow() {
    if (shadowCategory < 0) {
      return Shadow.NONE;
    }
    return new Shadow(
        disagreement,
        activeCategory < 0 ? "none" : Longitudinal.of(activeCategory).wire(),
        Longitudinal.of(shadowCategory).wire(),
        activeSteering,
        shadowSteering);
  }
}
