package io.fleetloop.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.fleetloop.trigger.Env;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScenarioGeneratorTest {
  private static final int VEHICLES = 1000;
  private static final int STEPS = 10_000; // 1 s steps at 20 m/s: 2.8 h per vehicle

  /** Shares of time (= distance at constant speed) per weather, zone and light. */
  private static double[][] shares(WorldConfig config, long seed) {
    ScenarioGenerator g = new ScenarioGenerator(config, VEHICLES);
    SplittableRandom root = new SplittableRandom(seed);
    SplittableRandom[] rng = new SplittableRandom[VEHICLES];
    for (int v = 0; v < VEHICLES; v++) {
      rng[v] = root.split();
      g.init(v, rng[v]);
    }
    double[][] count = new double[3][5];
    for (int s = 0; s < STEPS; s++) {
      for (int v = 0; v < VEHICLES; v++) {
        int c = g.condition(v);
        count[0][Conditions.weather(c)]++;
        count[1][Conditions.zone(c)]++;
        count[2][Conditions.light(c)]++;
        g.advance(v, 1.0, 20.0, rng[v]);
      }
    }
    double total = (double) VEHICLES * STEPS;
    for (double[] row : count) {
      for (int i = 0; i < row.length; i++) {
        row[i] /= total;
      }
    }
    return count;
  }

  @Test
  void longRunSharesAreTheConfiguredFrequencies() {
    WorldConfig config =
        WorldConfig.defaults().toBuilder()
            .rareCombos(List.of())
            .weatherFrequencies(0.5, 0.2, 0.2, 0.1)
            .zoneFrequencies(0.3, 0.3, 0.2, 0.1, 0.1)
            .lightFrequencies(0.6, 0.1, 0.3)
            .build();
    double[][] s = shares(config, 7);
    assertThat(s[0]).containsExactly(new double[] {0.5, 0.2, 0.2, 0.1, 0}, offset(0.02));
    assertThat(s[1]).containsExactly(new double[] {0.3, 0.3, 0.2, 0.1, 0.1}, offset(0.02));
    assertThat(s[2][0]).isCloseTo(0.6, offset(0.02));
    assertThat(s[2][1]).isCloseTo(0.1, offset(0.02));
    assertThat(s[2][2]).isCloseTo(0.3, offset(0.02));
  }

  @Test
  void rareCombinationsAppearAtTheirConfiguredRateAndForceTheirFields() {
    RareCombo fogWork = RareCombo.FOG_CONSTRUCTION.withProbability(0.05);
    WorldConfig config = WorldConfig.defaults().toBuilder().rareCombos(List.of(fogWork)).build();
    ScenarioGenerator g = new ScenarioGenerator(config, VEHICLES);
    SplittableRandom root = new SplittableRandom(3);
    SplittableRandom[] rng = new SplittableRandom[VEHICLES];
    for (int v = 0; v < VEHICLES; v++) {
      rng[v] = root.split();
      g.init(v, rng[v]);
    }
    long forced = 0;
    long fogConstruction = 0;
    for (int s = 0; s < 3_000; s++) {
      for (int v = 0; v < VEHICLES; v++) {
        if (g.rareCombo(v) != null) {
          forced++;
          Scenario sc = g.scenario(v);
          assertThat(sc.env().weather()).isEqualTo(Env.Weather.FOG);
          assertThat(sc.env().zone()).isEqualTo(Env.Zone.CONSTRUCTION);
          assertThat(sc.rareCombo()).contains("fog-construction");
        }
        if (fogWork.matches(g.condition(v))) {
          fogConstruction++;
        }
        g.advance(v, 1.0, 20.0, rng[v]);
      }
    }
    double share = forced / (VEHICLES * 3_000.0);
    // one zone segment in twenty is forced; independent draws add 0.07 × 0.07 ≈ 0.005
    assertThat(share).isBetween(0.035, 0.065);
    assertThat(fogConstruction / (VEHICLES * 3_000.0)).isBetween(share, share + 0.012);
  }

  @Test
  void conditionsPersistForRealisticStretches() {
    // without rare combinations, whose segments override the weather too
    WorldConfig config = WorldConfig.defaults().toBuilder().rareCombos(List.of()).build();
    ScenarioGenerator g = new ScenarioGenerator(config, 200);
    SplittableRandom root = new SplittableRandom(5);
    SplittableRandom[] rng = new SplittableRandom[200];
    for (int v = 0; v < 200; v++) {
      rng[v] = root.split();
      g.init(v, rng[v]);
    }
    long weatherChanges = 0;
    long zoneChanges = 0;
    int ticks = 36_000; // one hour at 10 Hz, 25 m/s
    for (int t = 0; t < ticks; t++) {
      for (int v = 0; v < 200; v++) {
        int before = g.condition(v);
        g.advance(v, 0.1, 2.5, rng[v]);
        int after = g.condition(v);
        if (Conditions.weather(before) != Conditions.weather(after)) {
          weatherChanges++;
        }
        if (Conditions.zone(before) != Conditions.zone(after)) {
          zoneChanges++;
        }
      }
    }
    // weather: 3600 s / 240 s stretches × P(next differs) ≈ 15 × 0.43 ≈ 6.5 changes per hour
    assertThat(weatherChanges / 200.0).isBetween(4.5, 8.5);
    // zones: 90 km / 1.5 km segments × P(next differs) ≈ 60 × 0.7 ≈ 42 per hour
    assertThat(zoneChanges / 200.0).isBetween(30.0, 55.0);
  }

  @Test
  void sameSeedSameConditions() {
    WorldConfig config = WorldConfig.defaults();
    ScenarioGenerator a = new ScenarioGenerator(config, 1);
    ScenarioGenerator b = new ScenarioGenerator(config, 1);
    SplittableRandom ra = new SplittableRandom(11);
    SplittableRandom rb = new SplittableRandom(11);
    a.init(0, ra);
    b.init(0, rb);
    for (int t = 0; t < 50_000; t++) {
      a.advance(0, 0.1, 2.0, ra);
      b.advance(0, 0.1, 2.0, rb);
      assertThat(a.scenario(0)).isEqualTo(b.scenario(0));
    }
  }
}
