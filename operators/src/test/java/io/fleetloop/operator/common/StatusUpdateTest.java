package io.fleetloop.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.api.common.Condition;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.DataTriggerStatus;
import io.fleetloop.api.v1alpha1.HardwarePoolStatus;
import io.fleetloop.operator.testing.Fixtures;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusUpdateTest {

  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-11-21T10:05:00Z");

  private final DataTrigger trigger = Fixtures.dataTrigger("ns", "fog", "frame.takeover");

  @Test
  void aNewConditionIsAChangeAndATransition() {
    var update = StatusUpdate.of(trigger, DataTriggerStatus::new, at(T0));

    update.set(Finding.satisfied(ConditionTypes.READY, "Compiled", "ok"));

    assertThat(update.changed()).isTrue();
    assertThat(update.transitions())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.previousStatus()).isNull();
              assertThat(t.statusOrReasonChanged()).isTrue();
            });
    DataTrigger written = update.applyTo(trigger);
    assertThat(written.getStatus().getObservedGeneration()).isEqualTo(1L);
    assertThat(written.getStatus().condition(ConditionTypes.READY))
        .get()
        .returns(T0.toString(), Condition::getLastTransitionTime)
        .returns(1L, Condition::getObservedGeneration);
  }

  @Test
  void theSameFindingsAgainChangeNothing() {
    StatusUpdate.of(trigger, DataTriggerStatus::new, at(T0))
        .set(Finding.satisfied(ConditionTypes.READY, "Compiled", "ok"))
        .applyTo(trigger);

    var again =
        StatusUpdate.of(trigger, DataTriggerStatus::new, at(T1))
            .set(Finding.satisfied(ConditionTypes.READY, "Compiled", "ok"));

    assertThat(again.changed()).isFalse();
    assertThat(again.transitions()).isEmpty();
  }

  @Test
  void theWorkingStatusIsACopyUntilApplied() {
    StatusUpdate.of(trigger, DataTriggerStatus::new, at(T0))
        .set(Finding.satisfied(ConditionTypes.READY, "Compiled", "ok"))
        .applyTo(trigger);

    StatusUpdate.of(trigger, DataTriggerStatus::new, at(T1))
        .set(Finding.failed(ConditionTypes.READY, "CompileError", "bad"));

    assertThat(trigger.getStatus().condition(ConditionTypes.READY))
        .get()
        .returns(ConditionTypes.TRUE, Condition::getStatus);
  }

  @Test
  void aNewGenerationRestampsWithoutATransition() {
    StatusUpdate.of(trigger, DataTriggerStatus::new, at(T0))
        .set(Finding.satisfied(ConditionTypes.READY, "Compiled", "ok"))
        .applyTo(trigger);
    trigger.getMetadata().setGeneration(2L);

    var update =
        StatusUpdate.of(trigger, DataTriggerStatus::new, at(T1))
            .set(Finding.satisfied(ConditionTypes.READY, "Compiled", "ok"));

    assertThat(update.changed()).isTrue();
    assertThat(update.transitions()).isEmpty();
    DataTrigger written = update.applyTo(trigger);
    assertThat(written.getStatus().getObservedGeneration()).isEqualTo(2L);
    assertThat(written.getStatus().condition(ConditionTypes.READY))
        .get()
        .returns(2L, Condition::getObservedGeneration)
        .returns(T0.toString(), Condition::getLastTransitionTime);
  }

  @Test
  void aStatusChangeMovesTheTransitionTime() {
    StatusUpdate.of(trigger, DataTriggerStatus::new, at(T0))
        .set(Finding.satisfied(ConditionTypes.READY, "Compiled", "ok"))
        .applyTo(trigger);

    var update =
        StatusUpdate.of(trigger, DataTriggerStatus::new, at(T1))
            .set(Finding.failed(ConditionTypes.READY, "CompileError", "1:7: undefined field"));

    assertThat(update.transitions())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.previousStatus()).isEqualTo(ConditionTypes.TRUE);
              assertThat(t.previousReason()).isEqualTo("Compiled");
              assertThat(t.finding().severity()).isEqualTo(Finding.Severity.WARNING);
            });
    assertThat(update.applyTo(trigger).getStatus().condition(ConditionTypes.READY))
        .get()
        .returns(T1.toString(), Condition::getLastTransitionTime);
  }

  @Test
  void aMessageOnlyChangeIsATransitionWithoutAStatusOrReasonChange() {
    StatusUpdate.of(trigger, DataTriggerStatus::new, at(T0))
        .set(Finding.failed(ConditionTypes.READY, "InvalidSpec", "spec.priority: too high"))
        .applyTo(trigger);

    var update =
        StatusUpdate.of(trigger, DataTriggerStatus::new, at(T1))
            .set(Finding.failed(ConditionTypes.READY, "InvalidSpec", "spec.cooldown: bad"));

    assertThat(update.transitions())
        .singleElement()
        .returns(false, Transition::statusOrReasonChanged);
  }

  @Test
  void kindSpecificFieldsCountAsChanges() {
    StatusUpdate.of(trigger, DataTriggerStatus::new, at(T0))
        .set(Finding.satisfied(ConditionTypes.READY, "Compiled", "ok"))
        .applyTo(trigger);

    var update = StatusUpdate.of(trigger, DataTriggerStatus::new, at(T1));
    update.status().setFirings(3L);

    assertThat(update.changed()).isTrue();
  }

  @Test
  void anEmptyListIsTheSameAsAMissingOne() {
    var pool = Fixtures.gpuPool("gpu", 1);
    pool.setStatus(new HardwarePoolStatus().withCapacity(1));
    StatusUpdate.of(pool, HardwarePoolStatus::new, at(T0)).applyTo(pool);

    var update = StatusUpdate.of(pool, HardwarePoolStatus::new, at(T1));
    update.status().setQueued(List.of());

    assertThat(update.changed()).isFalse();
    update.status().setQueued(List.of("ns/run"));
    assertThat(update.changed()).isTrue();
  }

  @Test
  void removingAConditionIsAChange() {
    StatusUpdate.of(trigger, DataTriggerStatus::new, at(T0))
        .set(Finding.failed("ActionAccepted", "UnknownAction", "no"))
        .applyTo(trigger);

    var update = StatusUpdate.of(trigger, DataTriggerStatus::new, at(T1)).remove("ActionAccepted");

    assertThat(update.changed()).isTrue();
    assertThat(update.applyTo(trigger).getStatus().getConditions()).isEmpty();
  }

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }
}
