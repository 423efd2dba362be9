package io.fleetloop.world;

import io.fleetloop.world.model.Dataset;
import io.fleetloop.world.model.Trainer;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * Recipes for the reference policy: collecting human demonstrations, training a policy on a
 * dataset, and generation 0 (trained on common conditions only, so it fails in the tail). All
 * deterministic under their seeds.
 */
public final class PolicyTraining {
  /** The reference policy's name. */
  public static final String POLICY_NAME = "fleetloop-reference-policy";

  private PolicyTraining() {}

  /**
   * Labelled samples from a human-driven fleet: the humans drive with {@code 0.05} steering noise
   * and two longitudinal slips a minute (so the data holds recovery states), labels are their clean
   * oracle actions; one frame in {@code stride} per vehicle is kept when its condition is accepted.
   */
  public static Dataset humanDemonstrations(
      WorldConfig world, int ticks, int stride, IntPredicate conditions) {
    WorldConfig noisy = world.toBuilder().humanSteeringNoise(0.05).humanSlipsPerMinute(2).build();
    try (FleetSimulator sim = FleetSimulator.humanDriven(noisy)) {
      SampleCollector collector =
          SampleCollector.forSimulator(
              sim, f -> conditions.test(f.condition()), stride, Integer.MAX_VALUE);
      sim.run(ticks, collector);
      return collector.dataset();
    }
  }

  /**
   * Trains a copy of {@code start} on {@code data} under {@link PolicyLoss} and returns it as
   * {@code version}, with {@code metadata} (plus the sample count and training loss).
   */
  public static PolicyModel train(
      PolicyModel start,
      String version,
      Dataset data,
      Trainer.Options options,
      Map<String, String> metadata) {
    PolicyModel next = start.derive(version, Map.of());
    Trainer.Report report = new Trainer(options).train(next.mlp(), data, PolicyLoss.INSTANCE);
    TreeMap<String, String> meta = new TreeMap<>(metadata);
    meta.put("samples", Integer.toString(data.size()));
    meta.put("epochs", Integer.toString(options.epochs()));
    meta.put("trainingSeed", Long.toString(options.seed()));
    meta.put("finalLoss", String.format(Locale.ROOT, "%.5f", report.finalLoss()));
    return new PolicyModel(next.name(), version, next.mlp(), meta);
  }

  /**
   * Generation 0: an untrained reference network trained on human demonstrations from {@link
   * Conditions#COMMON} frames only (clear weather, daylight, dry road, highway or urban) of a
   * {@code vehicles}-vehicle fleet driving {@code ticks} ticks (one frame in 10 kept).
   */
  public static PolicyModel generation0(long seed, int vehicles, int ticks, int epochs) {
    WorldConfig world = WorldConfig.defaults().toBuilder().seed(seed).vehicles(vehicles).build();
    Dataset data = humanDemonstrations(world, ticks, 10, Conditions.COMMON);
    PolicyModel start = PolicyModel.untrained(POLICY_NAME, "gen-0", seed);
    return train(
        start,
        "gen-0",
        data,
        Trainer.Options.defaults(seed).withEpochs(epochs),
        Map.of(
            "generation", "0",
            "trainedOn", "common conditions (clear, day, dry, highway or urban)",
            "worldSeed", Long.toString(seed)));
  }
}
