package io.fleetloop.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.release.grpc.Exposure;
import io.fleetloop.release.grpc.ExposureRole;
import io.fleetloop.world.Conditions;
import io.fleetloop.world.FleetSimulator;
import io.fleetloop.world.FleetStats;
import io.fleetloop.world.InterventionRule;
import io.fleetloop.world.Longitudinal;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.WorldConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrivingExposureTest {

  @Test
  void drivingExposureSumsToExactlyWhatTheSimulatorCounts() {
    WorldConfig config = WorldConfig.defaults().toBuilder().vehicles(20).threads(1).seed(7).build();
    PolicyModel untrained = PolicyModel.untrained("policy", "g0-untrained", 3);
    DrivingExposure[] exposure = exposures(20);
    FleetStats stats;
    try (FleetSimulator sim = FleetSimulator.driving(config, untrained)) {
      stats = drive(sim, exposure, 3000);
    }
    assertThat(stats.interventions()).as("an untrained policy gets taken over").isPositive();
    for (int c = 0; c < Conditions.COUNT; c++) {
      double km = 0;
      long interventions = 0;
      for (DrivingExposure e : exposure) {
        km += e.drivingKm(c);
        interventions += e.drivingInterventions(c);
      }
      assertThat(interventions)
          .as("interventions in %s", Conditions.label(c))
          .isEqualTo(stats.interventions(c));
      assertThat(km).as("km in %s", Conditions.label(c)).isCloseTo(stats.km(c), within(1e-9));
    }
  }

  /**
   * The shadow phase compares the candidate's would-be rate with the stable model's real rate. The
   * two are counted with the same rule: a candidate identical to the stable model (same weights,
   * another version) must report, per condition, exactly the stable model's real interventions over
   * exactly its kilometres, including the frames the human drives after each takeover.
   */
  @Test
  void aCandidateIdenticalToTheStableModelHasExactlyItsRealInterventionsAsWouldBe() {
    WorldConfig config =
        WorldConfig.defaults().toBuilder().vehicles(20).threads(1).seed(11).build();
    PolicyModel stable = PolicyModel.untrained("policy", "g1", 5);
    PolicyModel sameWeights = PolicyModel.untrained("policy", "g2", 5);
    DrivingExposure[] exposure = exposures(20);
    FleetStats stats;
    try (FleetSimulator sim =
        new FleetSimulator(config, io.fleetloop.world.Driver.MODEL, stable, sameWeights)) {
      stats = drive(sim, exposure, 3000);
    }
    assertThat(stats.interventions()).as("an untrained policy gets taken over").isPositive();
    for (int c = 0; c < Conditions.COUNT; c++) {
      long real = 0;
      long wouldBe = 0;
      double drivingKm = 0;
      double shadowKm = 0;
      for (DrivingExposure e : exposure) {
        real += e.drivingInterventions(c);
        wouldBe += e.shadowInterventions(c);
        drivingKm += e.drivingKm(c);
        shadowKm += e.shadowKm(c);
      }
      assertThat(real)
          .as("real interventions in %s", Conditions.label(c))
          .isEqualTo(stats.interventions(c));
      assertThat(wouldBe).as("would-be interventions in %s", Conditions.label(c)).isEqualTo(real);
      assertThat(shadowKm).as("shadow km in %s", Conditions.label(c)).isEqualTo(drivingKm);
    }
  }

  @Test
  void shadowWouldBeInterventionsFollowTheInterventionRule() {
    InterventionRule rule = InterventionRule.DEFAULT; // 5 dangerous frames in a row, 100 cooldown
    DrivingExposure e = new DrivingExposure(rule);
    int condition = 3;
    int brakeHard = Longitudinal.BRAKE_HARD.ordinal();
    int cruise = Longitudinal.CRUISE.ordinal();
    // the human brakes hard, the shadow would cruise: danger 1.0 on every frame, at 10 m/s
    for (int i = 0; i < 4; i++) {
      e.onFrame(condition, 10, 0, false, true, brakeHard, 0, cruise, 0);
    }
    assertThat(e.shadowInterventions(condition)).isZero();
    e.onFrame(condition, 10, 0, false, true, brakeHard, 0, cruise, 0);
    assertThat(e.shadowInterventions(condition)).as("the fifth dangerous frame").isEqualTo(1);
    // within the cooldown (99 more frames) nothing else counts
    for (int i = 0; i < 99; i++) {
      e.onFrame(condition, 10, 0, false, true, brakeHard, 0, cruise, 0);
    }
    assertThat(e.shadowInterventions(condition)).isEqualTo(1);
    for (int i = 0; i < 5; i++) {
      e.onFrame(condition, 10, 0, false, true, brakeHard, 0, cruise, 0);
    }
    assertThat(e.shadowInterventions(condition)).as("after the cooldown").isEqualTo(2);
    // a safe frame breaks a streak
    for (int i = 0; i < 4; i++) {
      e.onFrame(condition, 10, 0, false, true, brakeHard, 0, cruise, 0);
    }
    e.onFrame(condition, 10, 0, false, true, cruise, 0, cruise, 0);
    e.onFrame(condition, 10, 0, false, true, brakeHard, 0, cruise, 0);
    assertThat(e.shadowInterventions(condition)).isEqualTo(2);
    // the active model's real interventions are only the takeover frames (none here)
    assertThat(e.drivingInterventions(condition)).isZero();
    assertThat(e.shadowKm(condition))
        .isEqualTo(e.drivingKm(condition))
        .isCloseTo(115 / 1000.0, within(1e-9));

    List<Exposure> report = e.snapshot("g1", "g2");
    assertThat(report)
        .extracting(
            Exposure::getModelVersion,
            Exposure::getRole,
            Exposure::getCondition,
            Exposure::getInterventions)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "g1", ExposureRole.DRIVING, Conditions.label(condition), 0L),
            org.assertj.core.groups.Tuple.tuple(
                "g2", ExposureRole.SHADOW, Conditions.label(condition), 2L));
    assertThat(e.snapshot("g1", "")).hasSize(1);
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }

  private static DrivingExposure[] exposures(int vehicles) {
    DrivingExposure[] exposure = new DrivingExposure[vehicles];
    for (int v = 0; v < vehicles; v++) {
      exposure[v] = new DrivingExposure();
    }
    return exposure;
  }

  /** Runs {@code ticks} of the simulator, each vehicle's frames into its exposure counter. */
  private static FleetStats drive(FleetSimulator sim, DrivingExposure[] exposure, int ticks) {
    sim.run(
        ticks,
        f ->
            exposure[f.vehicle()].onFrame(
                f.condition(),
                f.speedMps(),
                f.accelMps2(),
                f.takeover(),
                f.activeCategory() >= 0,
                f.oracleCategory(),
                f.oracleSteering(),
                f.shadowCategory(),
                f.shadowSteering()));
    return sim.stats();
  }
}
