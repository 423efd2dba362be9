package io.fleetloop.trainer.heartbeat;

import io.fleetloop.trainer.PhaseOptions;
import io.fleetloop.trainer.PhaseRun;
import io.fleetloop.trainer.TrainerArgs;
import io.fleetloop.world.FleetStats;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.PolicyTraining;
import io.fleetloop.world.WorldConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The heartbeat reproduction: generation 0 exactly as {@code ./fleetloop up} trains it, a snapshot
 * of the demo's first ~1,000 clips from its fleet, generation 1 trained with the demo template's
 * phases as {@code TrainerMain} runs them, and both generations driven closed-loop in a fresh
 * world.
 */
public final class HeartbeatExperiment {
  /** Vehicles of the local demo fleet. */
  public static final int VEHICLES = 100;

  /** The trainer arguments that restore the recipe before decision 0012 (no FP32 anchor). */
  public static final List<String> OLD_RECIPE = List.of("--fp32-anchor", "0");

  private HeartbeatExperiment() {}

  /** Generation 0 as {@code up} trains it (cli LocalFleet, services/fleet-sim). */
  public static PolicyModel generation0(long seed) {
    return PolicyTraining.generation0(seed, 200, 600, 4);
  }

  /** The demo world of {@code up} with seed {@code seed}. */
  public static WorldConfig world(long seed, int vehicles) {
    return WorldConfig.defaults().toBuilder().vehicles(vehicles).threads(1).seed(seed).build();
  }

  /**
   * Generation 1: the template's phases in order, each from the previous one's output (the first
   * from {@code gen0}), with the options {@code TrainerMain} derives from the arguments the
   * operator passes it (trainingrun TrainingJobs: phase, precision, epochs, the pool's rounding and
   * saturation; everything else at the container's defaults) plus {@code extraArgs}.
   *
   * @param extraArgs further trainer arguments, e.g. {@code --fp32-anchor 0} for the recipe before
   *     decision 0012
   */
  public static PolicyModel train(
      PolicyModel gen0,
      DemoSnapshot snapshot,
      DemoManifests demo,
      List<String> extraArgs,
      List<String> log) {
    PolicyModel model = gen0;
    for (DemoManifests.Phase p : demo.phases()) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--phase", p.name(),
                  "--precision", p.precision().specName(),
                  "--epochs", Integer.toString(p.epochs()),
                  "--dataset", "s3://heartbeat/datasets/demo/manifest.json",
                  "--dataset-id", "sha256:" + "0".repeat(64),
                  "--base", "s3://heartbeat/models/base/model.flm",
                  "--output", "s3://heartbeat/training/" + p.name(),
                  "--rounding", p.arithmetic().rounding().specName(),
                  "--saturate", Boolean.toString(p.arithmetic().saturate())));
      args.addAll(extraArgs);
      PhaseOptions o = TrainerArgs.parse(args.toArray(String[]::new)).phaseOptions();
      PhaseRun.Outcome run = PhaseRun.train(p.name(), model, snapshot.samples(), o, e -> {});
      log.add(
          String.format(
              Locale.ROOT,
              "%s: %s %d epochs lr %.1e anchor %.1f, last loss %.4f, kept epoch %d",
              p.name(),
              o.precision().specName(),
              o.epochs(),
              o.learningRate(),
              o.fp32Anchor(),
              run.result().finalLoss(),
              run.result().selectedEpoch()));
      model = run.model();
    }
    return model;
  }

  /**
   * Runs seeds given as arguments (default 1 2 3), each with the recipe before decision 0012
   * ("old": {@code --fp32-anchor 0}) and the trainer's default ("new"); system property {@code
   * ticks} sets the evaluation drive (default 3000), {@code anchor} the new recipe's {@code
   * --fp32-anchor}.
   */
  public static void main(String[] args) {
    List<Long> seeds = new ArrayList<>();
    for (String a : args) {
      seeds.add(Long.parseLong(a));
    }
    if (seeds.isEmpty()) {
      seeds.addAll(List.of(1L, 2L, 3L));
    }
    int ticks = Integer.getInteger("ticks", 3000);
    DemoManifests demo = DemoManifests.load();
    for (long seed : seeds) {
      long t0 = System.nanoTime();
      PolicyModel gen0 = generation0(seed);
      DemoSnapshot snap =
          DemoSnapshot.collect(
              gen0, world(seed, VEHICLES), demo, demo.retrainWhenNewSamples(), seed);
      System.out.printf(
          Locale.ROOT,
          "seed %d: snapshot %d clips %s, %d rare, %,d samples, %.0f simulated s (%.1f s)%n",
          seed,
          snap.clips(),
          snap.clipsPerTrigger(),
          snap.rareClips(),
          snap.samples().size(),
          snap.simulatedSeconds(),
          (System.nanoTime() - t0) / 1e9);
      WorldConfig eval = world(seed * 1_000 + 7, VEHICLES);
      FleetStats s0 = ClosedLoop.drive(gen0, eval, ticks);
      for (String recipe : List.of("old", "new")) {
        List<String> extra =
            recipe.equals("old")
                ? OLD_RECIPE
                : System.getProperty("anchor") == null
                    ? List.of()
                    : List.of("--fp32-anchor", System.getProperty("anchor"));
        List<String> log = new ArrayList<>();
        long t1 = System.nanoTime();
        PolicyModel gen1 = train(gen0, snap, demo, extra, log);
        double trainS = (System.nanoTime() - t1) / 1e9;
        long t2 = System.nanoTime();
        FleetStats s1 = ClosedLoop.drive(gen1, eval, ticks);
        System.out.printf(
            Locale.ROOT,
            "  %s recipe: trained in %.1f s, closed loop %d ticks in %.1f s: %s%n",
            recipe,
            trainS,
            ticks,
            (System.nanoTime() - t2) / 1e9,
            log);
        for (ClosedLoop.Group g : ClosedLoop.compare(s1, s0, 20)) {
          System.out.println("    " + g.line());
        }
      }
    }
  }
}
