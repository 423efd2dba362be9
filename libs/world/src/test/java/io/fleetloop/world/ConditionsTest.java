package io.fleetloop.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.trigger.Env;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  @Test
  void indexesAreABijectionOntoEveryEnv() {
    Set<Env> seen = new HashSet<>();
    for (int i = 0; i < Conditions.COUNT; i++) {
      Env e = Conditions.env(i);
      assertThat(Conditions.index(e)).isEqualTo(i);
      assertThat(Conditions.env(i)).isSameAs(e);
      seen.add(e);
    }
    assertThat(seen).hasSize(4 * 5 * 3 * 3);
  }

  @Test
  void commonIsClearDryDaylightOnHighwayOrInTown() {
    int common = 0;
    for (int i = 0; i < Conditions.COUNT; i++) {
      if (Conditions.isCommon(i)) {
        common++;
        Env e = Conditions.env(i);
        assertThat(e.weather()).isEqualTo(Env.Weather.CLEAR);
        assertThat(e.light()).isEqualTo(Env.Light.DAY);
        assertThat(e.road()).isEqualTo(Env.Road.DRY);
        assertThat(e.zone()).isIn(Env.Zone.HIGHWAY, Env.Zone.URBAN);
      }
      assertThat(Conditions.RARE.test(i)).isNotEqualTo(Conditions.COMMON.test(i));
    }
    assertThat(common).isEqualTo(2);
    assertThat(Conditions.label(Conditions.index(Env.DEFAULT))).isEqualTo("clear/highway/day/dry");
  }
}
