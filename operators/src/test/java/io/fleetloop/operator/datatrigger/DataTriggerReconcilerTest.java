package io.fleetloop.operator.datatrigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.api.common.Condition;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.common.Reasons;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.DataTriggerStatus;
import io.fleetloop.operator.common.OperatorContext;
import io.fleetloop.operator.common.SpecContract;
import io.fleetloop.operator.metrics.FleetloopMetrics;
import io.fleetloop.operator.testing.Fixtures;
import io.fleetloop.operator.testing.RecordingEvents;
import io.fleetloop.trigger.TriggerCompiler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reconciler's steps without an API server (it uses nothing from the JOSDK context). */
class DataTriggerReconcilerTest {

  private static SpecContract contract;

  private final RecordingEvents events = new RecordingEvents();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final DataTriggerReconciler reconciler =
      new DataTriggerReconciler(
          new OperatorContext(
              Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC),
              contract,
              events,
              new FleetloopMetrics(registry)),
          new TriggerCompilation(TriggerCompiler.create()::compile),
          ReleaseChannelLink.none());

  @BeforeAll
  static void loadTheCrds() {
    contract = SpecContract.fromClasspath();
  }

  @Test
  void writesTheStatusOnceAndThenNothing() throws Exception {
    DataTrigger trigger = Fixtures.dataTrigger("ns", "fog", "env.weather == 'fog'");

    UpdateControl<DataTrigger> first = reconciler.reconcile(trigger, null);

    assertThat(first.isPatchStatus()).isTrue();
    DataTriggerStatus status = first.getResource().orElseThrow().getStatus();
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
    assertThat(status.condition(DataTriggerStatus.COMPILED))
        .get()
        .returns(ConditionTypes.TRUE, Condition::getStatus)
        .returns("2026-11-21T10:00:00Z", Condition::getLastTransitionTime);
    assertThat(status.condition(DataTriggerStatus.DISTRIBUTED))
        .get()
        .returns(ConditionTypes.UNKNOWN, Condition::getStatus)
        .returns(DataTriggerStatus.REASON_NO_RELEASE_CHANNEL, Condition::getReason);
    assertThat(first.getScheduleDelay()).isEmpty();
    assertThat(events.events())
        .extracting(RecordingEvents.Recorded::reason)
        .containsExactly("Compiled", "Compiled", DataTriggerStatus.REASON_NO_RELEASE_CHANNEL);

    UpdateControl<DataTrigger> second = reconciler.reconcile(trigger, null);

    assertThat(second.isNoUpdate()).isTrue();
    assertThat(events.events()).hasSize(3);
    assertThat(
            registry.get(FleetloopMetrics.RECONCILES).tag("outcome", "unchanged").counter().count())
        .isEqualTo(1);
  }

  @Test
  void anInvalidSpecStopsBeforeCompiling() throws Exception {
    DataTrigger trigger = Fixtures.dataTrigger("ns", "fog", "frame.takover");
    trigger.getSpec().setCooldown("soon");

    DataTriggerStatus status =
        reconciler.reconcile(trigger, null).getResource().orElseThrow().getStatus();

    assertThat(status.condition(ConditionTypes.READY))
        .get()
        .returns(ConditionTypes.FALSE, Condition::getStatus)
        .returns(Reasons.INVALID_SPEC, Condition::getReason)
        .satisfies(c -> assertThat(c.getMessage()).contains("spec.cooldown"));
    assertThat(status.condition(DataTriggerStatus.COMPILED)).isEmpty();
    assertThat(events.events())
        .singleElement()
        .returns("Warning", RecordingEvents.Recorded::type)
        .returns(Reasons.INVALID_SPEC, RecordingEvents.Recorded::reason);
  }
}
