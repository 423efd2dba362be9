package io.fleetloop.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.world.model.Dataset;
import io.fleetloop.world.model.Trainer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The product's heartbeat in miniature: generation 0, trained on common conditions only, fails in
 * the tail; retraining on oracle-labelled frames from the tail (what the fleet's triggers would
 * upload) brings the tail's intervention rate down to near the common one. Fixed seeds, so the
 * numbers are reproducible; the margins are far from the measured values (see WORLD.md).
 */
class LearningCheckTest {
  private static final int VEHICLES = 2_000;

  @Test
  void generationZeroFailsInTheTailAndRetrainingOnTheTailFixesIt() {
    WorldConfig demoWorld = WorldConfig.defaults().toBuilder().seed(1).vehicles(VEHICLES).build();
    Dataset common = PolicyTraining.humanDemonstrations(demoWorld, 800, 10, Conditions.COMMON);
    for (int i = 0; i < common.size(); i++) {
      assertThat(Conditions.isCommon(common.tag(i))).isTrue();
    }
    PolicyModel gen0 =
        PolicyTraining.train(
            PolicyModel.untrained(PolicyTraining.POLICY_NAME, "gen-0", 1),
            "gen-0",
            common,
            Trainer.Options.defaults(1).withEpochs(6),
            Map.of("generation", "0"));

    // the evaluation world has its own seed: none of its frames were trained on
    WorldConfig evalWorld = WorldConfig.defaults().toBuilder().seed(2).vehicles(VEHICLES).build();
    FleetStats g0;
    Dataset tail;
    try (FleetSimulator sim = FleetSimulator.driving(evalWorld, gen0)) {
      SampleCollector uploads =
          SampleCollector.forSimulator(
              sim, f -> Conditions.isCommon(f.condition()) == false, 30, Integer.MAX_VALUE);
      sim.run(1_000, uploads);
      g0 = sim.stats();
      tail = uploads.dataset();
    }
    double g0Common = g0.ratePer1000Km(Conditions.COMMON);
    double g0Rare = g0.ratePer1000Km(Conditions.RARE);
    // enough exposure for the rates to mean something
    assertThat(g0.km(Conditions.COMMON)).isGreaterThan(500);
    assertThat(g0.km(Conditions.RARE)).isGreaterThan(500);
    assertThat(g0.interventions(Conditions.COMMON)).isGreaterThan(100);
    // generation 0 is much worse in the tail (measured: about 20×)
    assertThat(g0Rare).as("gen-0 rare vs common").isGreaterThan(5 * g0Common);

    PolicyModel gen1 =
        PolicyTraining.train(
            gen0,
            "gen-1",
            common.concat(tail),
            Trainer.Options.defaults(2).withEpochs(6),
            Map.of("generation", "1"));
    FleetStats g1;
    try (FleetSimulator sim = FleetSimulator.driving(evalWorld, gen1)) {
      sim.run(1_000);
      g1 = sim.stats();
    }
    double g1Common = g1.ratePer1000Km(Conditions.COMMON);
    double g1Rare = g1.ratePer1000Km(Conditions.RARE);
    System.out.printf(
        "learning check: gen-0 common %.0f rare %.0f /1000 km; gen-1 common %.0f rare %.0f /1000 km"
            + " (%d demonstrations, %d tail samples, %.0f + %.0f km)%n",
        g0Common, g0Rare, g1Common, g1Rare, common.size(), tail.size(), g0.km(), g1.km());
    assertThat(g1.interventions(Conditions.RARE)).isGreaterThan(30);
    // the tail rate falls by an order of magnitude (measured: about 21×) ...
    assertThat(g1Rare).as("gen-1 rare vs gen-0 rare").isLessThan(g0Rare / 10);
    // ... to within a small factor of the common rate (measured: about 1.8×) ...
    assertThat(g1Rare).as("gen-1 rare vs gen-1 common").isLessThan(4 * g1Common);
    // ... without unlearning the common conditions
    assertThat(g1Common).as("gen-1 common vs gen-0 common").isLessThan(1.5 * g0Common);
    // the rare combinations improve too
    assertThat(g1.ratePer1000Km(RareCombo.FOG_CONSTRUCTION::matches))
        .isLessThan(g0.ratePer1000Km(RareCombo.FOG_CONSTRUCTION::matches) / 5);
  }
}
