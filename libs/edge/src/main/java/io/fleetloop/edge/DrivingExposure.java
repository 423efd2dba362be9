package io.fleetloop.edge;

import io.fleetloop.release.grpc.Exposure;
import io.fleetloop.release.grpc.ExposureRole;
import io.fleetloop.world.Conditions;
import io.fleetloop.world.InterventionRule;
import io.fleetloop.world.Kinematics;
import io.fleetloop.world.Longitudinal;
import io.fleetloop.world.WorldConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * One device's cumulative driving exposure, per driving condition, as the release channel's {@code
 * Exposure} messages want it (docs/edge.md, "Exposure").
 *
 * <ul>
 *   <li><b>DRIVING</b> (the active model): the distance of every frame on which the active model is
 *       installed, computed exactly as the fleet simulator integrates it ({@link
 *       Kinematics#distance} of the frame's speed and acceleration, in integer micrometres), and
 *       the real interventions: frames with {@code takeover}. Summed over a simulated fleet this is
 *       {@code FleetStats.km(condition)} and {@code FleetStats.interventions(condition)} exactly.
 *   <li><b>SHADOW</b> (the candidate riding along): the same distance, and the <em>would-be</em>
 *       interventions: the {@link InterventionRule} applied to the shadow's action against the
 *       human oracle on every frame — {@code consecutiveFrames} dangerous frames in a row make one,
 *       then {@code cooldownFrames} frames (the takeover frame included) in which no further one is
 *       counted. The shadow never drives, so the rule runs on every frame, including frames the
 *       human drives after a real takeover.
 * </ul>
 *
 * <p>Both counts follow one rule: a shadow with the active model's weights reports exactly the
 * active model's real interventions. The shadow's are still judged on the states the active model
 * drove into, which biases a comparison of the two (docs/rollout.md, "What the shadow phase
 * measures").
 *
 * <p>Primitive arrays per condition, no allocation per frame. Written by the agent's frame thread;
 * {@link #snapshot} may run on another thread and sees values at most a few frames old (counters
 * only grow).
 */
public final class DrivingExposure {

  private final InterventionRule rule;
  private final long[] drivingUm = new long[Conditions.COUNT];
  private final long[] drivingInterventions = new long[Conditions.COUNT];
  private final long[] shadowUm = new long[Conditions.COUNT];
  private final long[] shadowInterventions = new long[Conditions.COUNT];
  private int shadowStreak;
  private int shadowCooldown;

  /** Exposure counted with {@code rule} for the shadow's would-be interventions. */
  public DrivingExposure(InterventionRule rule) {
    this.rule = rule;
  }

  /** With {@link InterventionRule#DEFAULT}, the rule the reference world drives with. */
  public DrivingExposure() {
    this(InterventionRule.DEFAULT);
  }

  /**
   * Counts one frame.
   *
   * @param condition {@link Conditions#index} of the frame
   * @param speedMps speed at the start of the frame
   * @param accelMps2 acceleration executed during the frame
   * @param takeover whether the human took over on this frame
   * @param hasActive whether an active model is installed (otherwise nothing is counted)
   * @param oracleCategory the human's longitudinal category, negative when unknown
   * @param oracleSteering the human's steering
   * @param shadowCategory the shadow's category, negative when no shadow rides along
   * @param shadowSteering the shadow's steering
   */
  public void onFrame(
      int condition,
      double speedMps,
      double accelMps2,
      boolean takeover,
      boolean hasActive,
      int oracleCategory,
      double oracleSteering,
      int shadowCategory,
      double shadowSteering) {
    if (!hasActive) {
      return;
    }
    long um = Kinematics.toMicrometres(Kinematics.distance(speedMps, accelMps2, WorldConfig.DT_S));
    drivingUm[condition] += um;
    if (takeover) {
      drivingInterventions[condition]++;
    }
    if (shadowCategory < 0) {
      return;
    }
    shadowUm[condition] += um;
    if (oracleCategory < 0) {
      return; // no human label on this frame: the rule cannot be applied
    }
    if (shadowCooldown > 0) {
      shadowCooldown--;
      return;
    }
    double danger =
        rule.danger(
            Longitudinal.of(oracleCategory),
            oracleSteering,
            Longitudinal.of(shadowCategory),
            shadowSteering,
            speedMps);
    if (danger >= rule.dangerThreshold()) {
      if (++shadowStreak >= rule.consecutiveFrames()) {
        shadowInterventions[condition]++;
        shadowStreak = 0;
        shadowCooldown = rule.cooldownFrames() - 1;
      }
    } else {
      shadowStreak = 0;
    }
  }

  /** Kilometres driven by the active model in {@code condition}. */
  public double drivingKm(int condition) {
    return drivingUm[condition] / 1e9;
  }

  /** Real interventions in {@code condition}. */
  public long drivingInterventions(int condition) {
    return drivingInterventions[condition];
  }

  /** Kilometres the shadow rode along in {@code condition}. */
  public double shadowKm(int condition) {
    return shadowUm[condition] / 1e9;
  }

  /** Would-be interventions of the shadow in {@code condition}. */
  public long shadowInterventions(int condition) {
    return shadowInterventions[condition];
  }

  /**
   * The cumulative exposure as report entries: one per (role, condition) with distance, for the
   * given model versions (a role whose version is empty is left out).
   */
  public List<Exposure> snapshot(String activeVersion, String shadowVersion) {
    List<Exposure> out = new ArrayList<>();
    for (int c = 0; c < Conditions.COUNT; c++) {
      long dUm = drivingUm[c];
      if (dUm > 0 && !activeVersion.isEmpty()) {
        out.add(entry(activeVersion, ExposureRole.DRIVING, c, dUm, drivingInterventions[c]));
      }
      long sUm = shadowUm[c];
      if (sUm > 0 && !shadowVersion.isEmpty()) {
        out.add(entry(shadowVersion, ExposureRole.SHADOW, c, sUm, shadowInterventions[c]));
      }
    }
    return out;
  }

  private static Exposure entry(
      String version, ExposureRole role, int condition, long um, long interventions) {
    return Exposure.newBuilder()
        .setModelVersion(version)
        .setRole(role)
        .setCondition(Conditions.label(condition))
        .setKm(um / 1e9)
        .setInterventions(interventions)
        .build();
  }
}
