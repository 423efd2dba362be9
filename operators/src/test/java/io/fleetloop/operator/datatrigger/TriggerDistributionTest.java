package io.fleetloop.operator.datatrigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.api.common.Condition;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.DataTriggerRollout;
import io.fleetloop.api.v1alpha1.DataTriggerRolloutStatus;
import io.fleetloop.api.v1alpha1.DataTriggerStatus;
import io.fleetloop.audit.api.event.TriggerCanaried;
import io.fleetloop.audit.api.event.TriggerChanged;
import io.fleetloop.audit.api.event.TriggerDeployed;
import io.fleetloop.audit.client.InMemoryAuditRecorder;
import io.fleetloop.operator.common.OperatorContext;
import io.fleetloop.operator.common.SpecContract;
import io.fleetloop.operator.metrics.FleetloopMetrics;
import io.fleetloop.operator.testing.Fixtures;
import io.fleetloop.operator.testing.RecordingEvents;
import io.fleetloop.trigger.TriggerCompiler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reconciler's distribution step with a scripted release channel answer (the real channel is in
 * {@link TriggerCanaryIT}): status figures, rollout, Distributed and the recorded facts.
 */
class TriggerDistributionTest {

  private static SpecContract contract;

  private final InMemoryAuditRecorder facts = new InMemoryAuditRecorder();
  private final AtomicReference<TriggerStatsSource.Answer> answer = new AtomicReference<>();
  private final TriggerStatsSource channel =
      new TriggerStatsSource() {
        @Override
        public Answer fetch(String triggerId, long generation) {
          return answer.get();
        }

        @Override
        public String describe() {
          return "scripted";
        }
      };

  @BeforeAll
  static void loadTheCrds() {
    contract = SpecContract.fromClasspath();
  }

  private DataTriggerReconciler reconciler(Instant now) {
    return new DataTriggerReconciler(
        new OperatorContext(
            Clock.fixed(now, ZoneOffset.UTC),
            contract,
            new RecordingEvents(),
            new FleetloopMetrics(new SimpleMeterRegistry())),
        new TriggerCompilation(TriggerCompiler.create()::compile),
        new ReleaseChannelLink(
            channel, facts, new CanaryPolicy(3, Duration.ofMinutes(10)), Duration.ofSeconds(10)));
  }

  private static TriggerStatsSource.Stats stats(long reporting, double firingsPerDay) {
    return new TriggerStatsSource.Stats(
        true,
        10,
        200,
        reporting,
        reporting,
        (long) (firingsPerDay * reporting),
        7,
        7000,
        reporting,
        firingsPerDay,
        1000);
  }

  @Test
  void aCanaryWithinBudgetIsPromotedAndEveryStepIsRecorded() throws Exception {
    Instant t0 = Instant.parse("2026-11-21T10:00:00Z");
    DataTrigger trigger = Fixtures.dataTrigger("ns", "fog", "env.weather == 'fog'");
    trigger.getMetadata().setUid("uid-1");
    trigger.getSpec().setRollout(new DataTriggerRollout().withCanaryPercent(10));
    answer.set(stats(0, 0));

    UpdateControl<DataTrigger> first = reconciler(t0).reconcile(trigger, null);

    assertThat(first.getScheduleDelay()).contains(10_000L);
    DataTriggerStatus s = first.getResource().orElseThrow().getStatus();
    assertThat(s.getRollout().getPhase()).isEqualTo(DataTriggerRolloutStatus.CANARY);
    assertThat(s.getDevices().getTargeted()).isEqualTo(200);
    assertThat(s.getUploads().getClips()).isEqualTo(7);
    assertThat(s.condition(DataTriggerStatus.DISTRIBUTED))
        .get()
        .returns(ConditionTypes.FALSE, Condition::getStatus)
        .returns(DataTriggerStatus.REASON_CANARY, Condition::getReason);
    assertThat(facts.events()).hasSize(2);
    assertThat(facts.events().get(0))
        .isInstanceOfSatisfying(
            TriggerDeployed.class,
            d -> {
              assertThat(d.triggerId()).isEqualTo("datatrigger/ns/fog");
              assertThat(d.generation()).isEqualTo(1);
              assertThat(d.canaryPercent()).isEqualTo(10);
              assertThat(d.specDigest()).matches("sha256:[0-9a-f]{64}");
            });
    assertThat(facts.events().get(1))
        .isInstanceOfSatisfying(
            TriggerCanaried.class,
            c -> {
              assertThat(c.percent()).isEqualTo(10);
              assertThat(c.devices()).isEqualTo(20);
            });

    answer.set(stats(8, 4));
    DataTriggerStatus promoted =
        reconciler(t0.plus(Duration.ofMinutes(11)))
            .reconcile(trigger, null)
            .getResource()
            .orElseThrow()
            .getStatus();

    assertThat(promoted.getRollout().completeFor(1)).isTrue();
    assertThat(promoted.getFirings()).isEqualTo(32);
    assertThat(promoted.condition(DataTriggerStatus.DISTRIBUTED))
        .get()
        .returns(ConditionTypes.TRUE, Condition::getStatus)
        .returns(DataTriggerStatus.REASON_DEPLOYED, Condition::getReason);
    assertThat(facts.events()).hasSize(2);

    trigger.getSpec().setCondition("frame.takeover");
    trigger.getMetadata().setGeneration(2L);
    answer.set(stats(0, 0));
    reconciler(t0.plus(Duration.ofMinutes(20))).reconcile(trigger, null);

    assertThat(facts.events()).hasSize(4);
    assertThat(facts.events().get(2))
        .isInstanceOfSatisfying(TriggerChanged.class, c -> assertThat(c.generation()).isEqualTo(2));
    assertThat(facts.events().get(3)).isInstanceOf(TriggerCanaried.class);
  }

  @Test
  void anUnreachableChannelLeavesDistributedUnknownAndRetries() throws Exception {
    answer.set(new TriggerStatsSource.Unavailable("the release channel at x:1 did not answer"));
    DataTrigger trigger = Fixtures.dataTrigger("ns", "fog", "env.weather == 'fog'");

    UpdateControl<DataTrigger> c = reconciler(Instant.now()).reconcile(trigger, null);

    assertThat(c.getScheduleDelay()).contains(10_000L);
    assertThat(c.getResource().orElseThrow().getStatus().condition(DataTriggerStatus.DISTRIBUTED))
        .get()
        .returns(ConditionTypes.UNKNOWN, Condition::getStatus)
        .returns(DataTriggerStatus.REASON_RELEASE_CHANNEL_UNAVAILABLE, Condition::getReason);
    assertThat(facts.events()).isEmpty();
  }

  @Test
  void aConditionThatDoesNotCompileIsNotDistributed() throws Exception {
    answer.set(stats(0, 0));
    DataTrigger trigger = Fixtures.dataTrigger("ns", "typo", "frame.takover");

    UpdateControl<DataTrigger> c = reconciler(Instant.now()).reconcile(trigger, null);

    assertThat(c.getScheduleDelay()).isEmpty();
    assertThat(c.getResource().orElseThrow().getStatus().condition(DataTriggerStatus.DISTRIBUTED))
        .get()
        .returns(ConditionTypes.FALSE, Condition::getStatus)
        .returns(DataTriggerStatus.REASON_NOT_COMPILED, Condition::getReason);
    assertThat(facts.events()).isEmpty();
  }
}
