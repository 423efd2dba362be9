package io.fleetloop.api.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.api.v1alpha1.DataTriggerStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  private static final Instant T0 = Instant.parse("2026-11-21T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-11-21T00:05:00Z");

  @Test
  void addsAConditionWithItsTransitionTime() {
    DataTriggerStatus status = new DataTriggerStatus();
    assertThat(Conditions.set(status, "Ready", "True", "Compiled", "ok", 1, T0)).isTrue();
    Condition ready = status.condition("Ready").orElseThrow();
    assertThat(ready.getLastTransitionTime()).isEqualTo(T0.toString());
    assertThat(ready.getObservedGeneration()).isEqualTo(1L);
  }

  @Test
  void anUnchangedConditionIsNotAChange() {
    DataTriggerStatus status = new DataTriggerStatus();
    Conditions.set(status, "Ready", "True", "Compiled", "ok", 1, T0);
    assertThat(Conditions.set(status, "Ready", "True", "Compiled", "ok", 1, T1)).isFalse();
    assertThat(status.getConditions()).hasSize(1);
  }

  @Test
  void transitionTimeMovesOnlyWhenTheStatusChanges() {
    DataTriggerStatus status = new DataTriggerStatus();
    Conditions.set(status, "Ready", "True", "Compiled", "ok", 1, T0);
    assertThat(Conditions.set(status, "Ready", "True", "Compiled", "still ok", 2, T1)).isTrue();
    assertThat(status.condition("Ready").orElseThrow().getLastTransitionTime())
        .isEqualTo(T0.toString());
    Conditions.set(status, "Ready", "False", "InvalidSpec", "bad", 3, T1);
    Condition ready = status.condition("Ready").orElseThrow();
    assertThat(ready.getLastTransitionTime()).isEqualTo(T1.toString());
    assertThat(ready.getReason()).isEqualTo("InvalidSpec");
    assertThat(status.getConditions()).hasSize(1);
    assertThat(Conditions.isTrue(status, "Ready")).isFalse();
  }
}
