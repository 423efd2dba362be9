package io.fleetloop.trainer.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.world.FleetStats;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.WorldConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat of the local demo, offline: generation 1 trained the demo's way (the template's
 * phases as {@code TrainerMain} runs them, on a snapshot of the demo's first 1,000 clips from its
 * generation-0 fleet) drives better than generation 0 in closed loop in every group the rollout's
 * analysis would judge: overall, common/rare, every weather and zone, and every driving condition
 * with at least {@value #MIN_KM} km in both drives. "Better" is exact: the 95% upper bound of the
 * candidate's rate over generation 0's (conditional binomial, libs/stats) is below 1.
 *
 * <p>Seed 2 is one of the three (of six) where the recipe before decision 0012 (no FP32 anchor in
 * the hardware-in-the-loop phase) drove 2-3x worse than generation 0 on clear highways
 * (docs/training.md): run with {@code -Dheartbeat.recipe=old} to see this test fail on that recipe.
 * One seed keeps the test within a minute on a loaded 2-core machine; {@link HeartbeatExperiment}
 * measures six.
 */
class HeartbeatIT {
  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatIT.class);

  /** Smallest exposure, in both drives, of a group that is judged. */
  static final double MIN_KM = 20;

  /** The seeds trained and driven. */
  static final long[] SEEDS = {2};

  /** Closed-loop ticks per drive: 20 simulated minutes of 100 vehicles, ~1,000 km. */
  static final int TICKS = 12_000;

  @Test
  void generationOneDrivesBetterThanGenerationZeroInEveryJudgedGroup() {
    DemoManifests demo = DemoManifests.load();
    List<String> extra =
        "old".equals(System.getProperty("heartbeat.recipe"))
            ? HeartbeatExperiment.OLD_RECIPE
            : List.of();
    List<String> worse = new ArrayList<>();
    for (long seed : SEEDS) {
      PolicyModel gen0 = HeartbeatExperiment.generation0(seed);
      DemoSnapshot snapshot =
          DemoSnapshot.collect(
              gen0,
              HeartbeatExperiment.world(seed, HeartbeatExperiment.VEHICLES),
              demo,
              demo.retrainWhenNewSamples(),
              seed);
      assertThat(snapshot.clipsPerTrigger()).containsOnlyKeys(demo.triggerNames());
      List<String> log = new ArrayList<>();
      PolicyModel gen1 = HeartbeatExperiment.train(gen0, snapshot, demo, extra, log);
      WorldConfig eval = HeartbeatExperiment.world(seed * 1_000 + 7, HeartbeatExperiment.VEHICLES);
      FleetStats stable = ClosedLoop.drive(gen0, eval, TICKS);
      FleetStats candidate = ClosedLoop.drive(gen1, eval, TICKS);
      List<ClosedLoop.Group> groups = ClosedLoop.compare(candidate, stable, MIN_KM);
      LOG.info(
          "seed {}: snapshot {} clips {}, {}; generation 1 vs 0 in closed loop:\n  {}",
          seed,
          snapshot.clips(),
          snapshot.clipsPerTrigger(),
          log,
          String.join("\n  ", groups.stream().map(ClosedLoop.Group::line).toList()));
      // the comparison covers the overall rate and the condition the session-3 rollbacks failed in
      assertThat(groups.stream().map(ClosedLoop.Group::group))
          .contains("all", "common", "clear/highway/day/dry");
      for (ClosedLoop.Group g : groups) {
        if (!(g.comparison().ratioHigh() < 1)) {
          worse.add(String.format(Locale.ROOT, "seed %d: %s", seed, g.line()));
        }
      }
    }
    assertThat(worse)
        .as("groups where generation 1 is not significantly better than generation 0")
        .isEmpty();
  }
}
