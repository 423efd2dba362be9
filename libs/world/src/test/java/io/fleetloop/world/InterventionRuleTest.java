package io.fleetloop.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class InterventionRuleTest {
  private final InterventionRule rule = InterventionRule.DEFAULT;

  @Test
  void agreeingActionsAreSafe() {
    for (Longitudinal l : Longitudinal.values()) {
      assertThat(rule.danger(l, 0.1, l, 0.1, 30)).isZero();
    }
  }

  @Test
  void underBrakingIsWorseThanOverBraking() {
    double under = rule.danger(Longitudinal.BRAKE_HARD, 0, Longitudinal.CRUISE, 0, 20);
    double over = rule.danger(Longitudinal.CRUISE, 0, Longitudinal.BRAKE, 0, 20);
    assertThat(under).isEqualTo(1.0);
    assertThat(over).isLessThan(rule.dangerThreshold());
    assertThat(rule.danger(Longitudinal.BRAKE, 0, Longitudinal.ACCELERATE, 0, 20))
        .isGreaterThanOrEqualTo(rule.dangerThreshold());
    assertThat(rule.danger(Longitudinal.BRAKE, 0, Longitudinal.CRUISE, 0, 20))
        .isLessThan(rule.dangerThreshold());
  }

  @Test
  void aSteeringDifferenceMattersMoreAtSpeed() {
    // 0.04 of steering: 0.05 m/s² lateral at 5 m/s, 1.8 m/s² at 30 m/s
    double slow = rule.danger(Longitudinal.CRUISE, 0.0, Longitudinal.CRUISE, 0.04, 5);
    double fast = rule.danger(Longitudinal.CRUISE, 0.0, Longitudinal.CRUISE, 0.04, 30);
    assertThat(slow).isCloseTo(25 * 0.05 * 0.04 / 2.0, offset(1e-12));
    assertThat(fast).isCloseTo(900 * 0.05 * 0.04 / 2.0, offset(1e-12));
    assertThat(slow).isLessThan(rule.dangerThreshold());
    assertThat(fast).isGreaterThan(rule.dangerThreshold());
  }
}
