package io.fleetloop.curator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetloop.world.Conditions;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BalancerTest {
  private static final int COMMON = Conditions.index(0, 0, 0, 0);
  private static final int RARE = Conditions.index(2, 3, 2, 1);

  @Test
  void eachConditionCarriesTheSameTotalWeightWithinTheClamp() {
    assertThat(Conditions.isCommon(COMMON)).isTrue();
    assertThat(Conditions.isCommon(RARE)).isFalse();
    Map<Integer, Double> w = Balancer.defaults().weights(Map.of(COMMON, 60L, RARE, 20L));

    // N=80, K=2: common 80/(2*60)=0.6667, rare 80/(2*20)=2
    assertThat(w.get(COMMON)).isCloseTo(0.6667, within(1e-9));
    assertThat(w.get(RARE)).isCloseTo(2.0, within(1e-9));
    assertThat(60 * w.get(COMMON)).isCloseTo(20 * w.get(RARE), within(0.01));
  }

  @Test
  void clampsExtremesAndNeverDownWeightsRareConditions() {
    Map<Integer, Double> w = Balancer.defaults().weights(Map.of(COMMON, 1000L, RARE, 1L));
    assertThat(w.get(COMMON)).isEqualTo(0.5005);
    assertThat(w.get(RARE)).isEqualTo(8.0);

    Map<Integer, Double> crowdedRare = Balancer.defaults().weights(Map.of(COMMON, 1L, RARE, 1000L));
    assertThat(crowdedRare.get(RARE)).isEqualTo(1.0);
    assertThat(crowdedRare.get(COMMON)).isEqualTo(8.0);
  }

  @Test
  void oneConditionWeighsOne() {
    assertThat(Balancer.defaults().weights(Map.of(COMMON, 7L))).containsEntry(COMMON, 1.0);
  }
}
