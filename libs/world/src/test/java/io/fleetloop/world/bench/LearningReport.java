package io.fleetloop.world.bench;

import io.fleetloop.world.Conditions;
import io.fleetloop.world.FleetSimulator;
import io.fleetloop.world.FleetStats;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.PolicyTraining;
import io.fleetloop.world.RareCombo;
import io.fleetloop.world.SampleCollector;
import io.fleetloop.world.WorldConfig;
import io.fleetloop.world.model.Dataset;
import io.fleetloop.world.model.Trainer;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Generation 0 against one retraining on the tail, at a larger scale than the unit test, with
 * intervention rates per condition dimension.
 *
 * <pre>
 * ./mvnw -q -pl libs/world exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.fleetloop.world.bench.LearningReport [-Dexec.args="4000 1500 1500 8"]
 * </pre>
 *
 * Arguments: vehicles (4000), demonstration ticks (1500), evaluation ticks (1500), epochs (8).
 * Generation 0 learns from human demonstrations in common conditions (world seed 11, one frame in
 * five); both generations are evaluated on world seed 99; generation 1 is generation 0 trained
 * further on those demonstrations plus every fifth tail frame (oracle-labelled) of generation 0's
 * evaluation run.
 */
public final class LearningReport {
  private static final String[] WEATHER = {"clear", "rain", "fog", "snow"};
  private static final String[] ZONE = {
    "highway", "urban", "residential", "construction", "school"
  };
  private static final String[] LIGHT = {"day", "dusk", "night"};
  private static final String[] ROAD = {"dry", "wet", "icy"};

  private LearningReport() {}

  public static void main(String[] args) {
    int vehicles = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
    int demoTicks = args.length > 1 ? Integer.parseInt(args[1]) : 1500;
    int evalTicks = args.length > 2 ? Integer.parseInt(args[2]) : 1500;
    int epochs = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    WorldConfig base = WorldConfig.defaults().toBuilder().vehicles(vehicles).build();
    long t0 = System.nanoTime();
    Dataset common =
        PolicyTraining.humanDemonstrations(
            base.toBuilder().seed(11).build(), demoTicks, 5, Conditions.COMMON);
    PolicyModel gen0 =
        PolicyTraining.train(
            PolicyModel.untrained(PolicyTraining.POLICY_NAME, "gen-0", 7),
            "gen-0",
            common,
            Trainer.Options.defaults(3).withEpochs(epochs),
            Map.of("generation", "0"));
    WorldConfig eval = base.toBuilder().seed(99).build();
    FleetStats s0;
    Dataset tail;
    try (FleetSimulator sim = FleetSimulator.driving(eval, gen0)) {
      SampleCollector c =
          SampleCollector.forSimulator(
              sim, f -> !Conditions.isCommon(f.condition()), 5, Integer.MAX_VALUE);
      sim.run(evalTicks, c);
      s0 = sim.stats();
      tail = c.dataset();
    }
    PolicyModel gen1 =
        PolicyTraining.train(
            gen0,
            "gen-1",
            common.concat(tail),
            Trainer.Options.defaults(4).withEpochs(epochs),
            Map.of("generation", "1"));
    FleetStats s1;
    try (FleetSimulator sim = FleetSimulator.driving(eval, gen1)) {
      sim.run(evalTicks);
      s1 = sim.stats();
    }
    System.out.printf(
        Locale.ROOT,
        "%d vehicles; %d common demonstrations, %d tail samples; %.1f s%n",
        vehicles,
        common.size(),
        tail.size(),
        (System.nanoTime() - t0) / 1e9);
    report("gen-0 (common conditions only)", s0);
    report("gen-1 (+ tail frames of gen-0's run)", s1);
  }

  private static void report(String name, FleetStats s) {
    System.out.printf(Locale.ROOT, "%s: %s%n", name, s.summary());
    StringBuilder b = new StringBuilder("  interventions per 1000 km:");
    dimension(b, s, WEATHER, Conditions::weather);
    dimension(b, s, ZONE, Conditions::zone);
    dimension(b, s, LIGHT, Conditions::light);
    dimension(b, s, ROAD, Conditions::road);
    b.append("\n   ");
    for (RareCombo c : WorldConfig.defaults().rareCombos()) {
      b.append(
          String.format(
              Locale.ROOT,
              " %s %.0f (%.0f km)",
              c.name(),
              s.ratePer1000Km(c::matches),
              s.km(c::matches)));
    }
    System.out.println(b);
  }

  private interface Component {
    int of(int condition);
  }

  private static void dimension(StringBuilder b, FleetStats s, String[] names, Component c) {
    b.append("\n   ");
    for (int i = 0; i < names.length; i++) {
      int value = i;
      IntPredicate p = cond -> c.of(cond) == value;
      b.append(String.format(Locale.ROOT, " %s %.0f", names[i], s.ratePer1000Km(p)));
    }
  }
}
