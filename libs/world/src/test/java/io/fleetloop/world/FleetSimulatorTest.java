package io.fleetloop.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.trigger.Device;
import io.fleetloop.trigger.Env;
import io.fleetloop.trigger.Frame;
import io.fleetloop.trigger.Shadow;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FleetSimulatorTest {
  private static final PolicyModel RANDOM_A = PolicyModel.untrained("test", "a", 1);
  private static final PolicyModel RANDOM_B = PolicyModel.untrained("test", "b", 2);

  private static WorldConfig small(long seed, int threads) {
    return WorldConfig.defaults().toBuilder().seed(seed).vehicles(700).threads(threads).build();
  }

  private static FleetStats run(WorldConfig config, PolicyModel model, int ticks) {
    try (FleetSimulator sim =
        new FleetSimulator(config, model == null ? Driver.HUMAN : Driver.MODEL, model, null)) {
      sim.run(ticks);
      return sim.stats();
    }
  }

  @Test
  void sameSeedGivesIdenticalKilometresAndInterventionsWhateverTheThreadCount() {
    FleetStats one = run(small(42, 1), RANDOM_A, 300);
    FleetStats again = run(small(42, 1), RANDOM_A, 300);
    FleetStats twoThreads = run(small(42, 2), RANDOM_A, 300);
    FleetStats threeThreads = run(small(42, 3), RANDOM_A, 300);
    assertThat(one.interventions()).isPositive();
    assertThat(one.sameCounts(again)).isTrue();
    assertThat(one.sameCounts(twoThreads)).isTrue();
    assertThat(one.sameCounts(threeThreads)).isTrue();
    FleetStats otherSeed = run(small(43, 2), RANDOM_A, 300);
    assertThat(otherSeed.sameCounts(one)).isFalse();
  }

  @Test
  void runningInPiecesEqualsRunningAtOnce() {
    FleetStats whole = run(small(5, 2), RANDOM_A, 250);
    try (FleetSimulator sim = FleetSimulator.driving(small(5, 2), RANDOM_A)) {
      sim.run(13);
      FleetStats early = sim.stats();
      sim.run(100);
      sim.run(137);
      FleetStats all = sim.stats();
      assertThat(all.sameCounts(whole)).isTrue();
      assertThat(all.since(early).ticks()).isEqualTo(237);
      assertThat(all.since(early).frames()).isEqualTo(237L * 700);
    }
  }

  @Test
  void kilometresAreTheExactSumOfEveryFramesDistance() {
    WorldConfig config = small(9, 2);
    long[] um = new long[config.vehicles()];
    try (FleetSimulator sim = FleetSimulator.driving(config, RANDOM_A)) {
      // each vehicle's frames arrive on one worker: no two threads touch the same slot
      sim.run(
          400,
          f ->
              um[f.vehicle()] +=
                  Kinematics.toMicrometres(
                      Kinematics.distance(f.speedMps(), f.accelMps2(), WorldConfig.DT_S)));
      FleetStats s = sim.stats();
      long total = 0;
      for (int v = 0; v < config.vehicles(); v++) {
        assertThat(s.vehicleDistanceUm(v)).as("vehicle %d", v).isEqualTo(um[v]);
        total += um[v];
      }
      assertThat(s.distanceUm(Conditions.ALL)).isEqualTo(total);
      assertThat(s.distanceUm(Conditions.COMMON) + s.distanceUm(Conditions.RARE)).isEqualTo(total);
      // 700 vehicles, 40 s, a mix of highway and town speeds
      assertThat(s.km()).isBetween(700 * 40 * 5 / 1000.0, 700 * 40 * 32 / 1000.0);
    }
  }

  @Test
  void everyInterventionIsOneTakeoverFrameFollowedByTheCooldown() {
    WorldConfig config = small(3, 2);
    int cooldown = config.interventionRule().cooldownFrames();
    long[] lastTakeover = new long[config.vehicles()];
    java.util.Arrays.fill(lastTakeover, -1_000_000);
    AtomicLong takeovers = new AtomicLong();
    AtomicLong violations = new AtomicLong();
    try (FleetSimulator sim = FleetSimulator.driving(config, RANDOM_A)) {
      sim.run(
          600,
          f -> {
            if (f.takeover()) {
              takeovers.incrementAndGet();
              if (f.tick() - lastTakeover[f.vehicle()] < cooldown) {
                violations.incrementAndGet();
              }
              lastTakeover[f.vehicle()] = f.tick();
              if (!f.humanDriving() || f.danger() < config.interventionRule().dangerThreshold()) {
                violations.incrementAndGet();
              }
            } else if (f.tick() - lastTakeover[f.vehicle()] < cooldown && !f.humanDriving()) {
              violations.incrementAndGet();
            }
          });
      FleetStats s = sim.stats();
      assertThat(takeovers.get()).isEqualTo(s.interventions()).isPositive();
      assertThat(violations.get()).isZero();
      long perVehicle = 0;
      for (int v = 0; v < config.vehicles(); v++) {
        perVehicle += s.vehicleInterventions(v);
      }
      assertThat(perVehicle).isEqualTo(s.interventions());
    }
  }

  @Test
  void humansDrivingCountNoInterventions() {
    FleetStats s = run(small(4, 2), null, 300);
    assertThat(s.interventions()).isZero();
    assertThat(s.humanFrames(Conditions.ALL)).isEqualTo(s.frames());
    assertThat(s.km()).isPositive();
  }

  @Test
  void framesCarryTheTriggerRecordsWithSharedEnvAndDevice() {
    WorldConfig config = small(6, 1);
    try (FleetSimulator sim = new FleetSimulator(config, Driver.MODEL, RANDOM_A, RANDOM_B)) {
      Device[] devices = new Device[config.vehicles()];
      AtomicLong checked = new AtomicLong();
      sim.run(
          50,
          f -> {
            Frame frame = f.toFrame();
            assertThat(frame.speedMps()).isEqualTo(f.speedMps());
            assertThat(frame.takeover()).isEqualTo(f.takeover());
            assertThat(frame.timestampMs())
                .isEqualTo(config.startEpochMs() + f.tick() * WorldConfig.DT_MS);
            assertThat(frame.ttcSeconds()).isPositive().isLessThanOrEqualTo(Frame.TTC_NONE);
            assertThat(frame.steering()).isBetween(-1.0, 1.0);
            assertThat(frame.brake()).isBetween(0.0, 1.0);
            Env env = f.env();
            assertThat(env).isSameAs(Conditions.env(f.condition()));
            Device d = f.device();
            if (devices[f.vehicle()] == null) {
              devices[f.vehicle()] = d;
              assertThat(d.id()).isEqualTo(String.format("sim-%05d", f.vehicle()));
            }
            assertThat(d).isSameAs(devices[f.vehicle()]);
            Shadow s = f.toShadow();
            assertThat(s.disagreement()).isBetween(0.0, 1.0);
            assertThat(s.activeAction()).isEqualTo(Longitudinal.of(f.activeCategory()).wire());
            assertThat(s.shadowAction()).isEqualTo(Longitudinal.of(f.shadowCategory()).wire());
            checked.incrementAndGet();
          });
      assertThat(checked.get()).isEqualTo(50L * config.vehicles());
    }
  }

  @Test
  void aShadowIdenticalToTheActiveModelNeverDisagrees() {
    WorldConfig config = small(8, 2);
    PolicyModel twin = RANDOM_A.derive("a-twin", java.util.Map.of());
    double[] max = new double[config.threads()];
    double[] maxOther = new double[config.threads()];
    try (FleetSimulator sim = new FleetSimulator(config, Driver.MODEL, RANDOM_A, twin)) {
      sim.run(100, f -> max[f.worker()] = Math.max(max[f.worker()], f.disagreement()));
    }
    try (FleetSimulator sim = new FleetSimulator(config, Driver.MODEL, RANDOM_A, RANDOM_B)) {
      sim.run(100, f -> maxOther[f.worker()] = Math.max(maxOther[f.worker()], f.disagreement()));
    }
    try (FleetSimulator sim = FleetSimulator.driving(config, RANDOM_A)) {
      sim.run(1, f -> assertThat(f.toShadow()).isSameAs(Shadow.NONE));
    }
    assertThat(max).containsOnly(0.0);
    assertThat(maxOther[0]).isGreaterThan(0.3);
  }

  @Test
  void vehiclesOnDifferentModelsDriveAsIfAlone() {
    // a fleet slice on model B must not change what the vehicles on model A do (mixed batches)
    WorldConfig config = small(10, 2);
    FleetStats allA;
    try (FleetSimulator sim = FleetSimulator.driving(config, RANDOM_A)) {
      sim.run(300);
      allA = sim.stats();
    }
    try (FleetSimulator sim = FleetSimulator.driving(config, RANDOM_A)) {
      for (int v = 0; v < config.vehicles(); v += 3) {
        sim.setActive(v, RANDOM_B);
      }
      sim.run(300);
      FleetStats mixed = sim.stats();
      boolean someDiffer = false;
      for (int v = 0; v < config.vehicles(); v++) {
        if (v % 3 != 0) {
          assertThat(mixed.vehicleDistanceUm(v)).isEqualTo(allA.vehicleDistanceUm(v));
          assertThat(mixed.vehicleInterventions(v)).isEqualTo(allA.vehicleInterventions(v));
        } else {
          someDiffer |= mixed.vehicleDistanceUm(v) != allA.vehicleDistanceUm(v);
        }
      }
      assertThat(someDiffer).isTrue();
      assertThat(sim.active(0)).isSameAs(RANDOM_B);
      assertThat(sim.active(1)).isSameAs(RANDOM_A);
    }
  }

  @Test
  void theFramePathDoesNotAllocate() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    WorldConfig config = small(13, 1);
    double[] sink = new double[1];
    FrameVisitor reader = f -> sink[0] += f.speedMps() + f.disagreement() + f.ttcSeconds();
    try (FleetSimulator sim = new FleetSimulator(config, Driver.MODEL, RANDOM_A, RANDOM_B)) {
      for (int v = 0; v < config.vehicles(); v++) {
        sim.device(v); // devices are built once per vehicle, on first use
      }
      sim.run(200, reader); // warm-up: scratch buffers, JIT
      long before = threads.getCurrentThreadAllocatedBytes();
      sim.run(300, reader);
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;
      // 210,000 vehicle-frames with two models and a visitor: nothing per frame
      assertThat(allocated).isLessThan(4_096);
    }
    assertThat(sink[0]).isPositive();
  }

  @Test
  void thePolicyCanRunEveryOtherFrame() {
    WorldConfig every2 = small(12, 2).toBuilder().modelIntervalFrames(2).build();
    FleetStats a = run(every2, RANDOM_A, 200);
    FleetStats b = run(every2, RANDOM_A, 200);
    assertThat(a.sameCounts(b)).isTrue();
    assertThat(a.sameCounts(run(small(12, 2), RANDOM_A, 200))).isFalse();
  }
}
