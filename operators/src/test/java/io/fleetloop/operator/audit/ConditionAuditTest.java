package io.fleetloop.operator.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fleetloop.api.common.Reasons;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.DataTriggerStatus;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.FleetloopApi;
import io.fleetloop.audit.api.ResourceIds;
import io.fleetloop.audit.api.event.AuditEvent;
import io.fleetloop.audit.api.event.ConditionChanged;
import io.fleetloop.audit.client.AuditException;
import io.fleetloop.audit.client.AuditRecorder;
import io.fleetloop.audit.client.ConditionTransition;
import io.fleetloop.audit.client.InMemoryAuditRecorder;
import io.fleetloop.audit.client.Outcome;
import io.fleetloop.audit.client.Recorded;
import io.fleetloop.operator.OperatorSettings;
import io.fleetloop.operator.common.OperatorContext;
import io.fleetloop.operator.common.ReconcilerSupport;
import io.fleetloop.operator.common.SpecContract;
import io.fleetloop.operator.datatrigger.DataTriggerReconciler;
import io.fleetloop.operator.datatrigger.TriggerCompilation;
import io.fleetloop.operator.fleetrelease.ActionRequest;
import io.fleetloop.operator.fleetrelease.FleetReleaseReconciler;
import io.fleetloop.operator.metrics.FleetloopMetrics;
import io.fleetloop.operator.testing.Fixtures;
import io.fleetloop.operator.testing.RecordingEvents;
import io.fleetloop.trigger.TriggerCompiler;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's side of the audit log, without an API server or an audit service: what the
 * reconcilers hand to an {@link InMemoryAuditRecorder} (which applies the audit log's own rules),
 * and what happens when the audit log cannot be reached.
 */
class ConditionAuditTest {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final String UID = "0b7f4d3e-uid";
  private static SpecContract contract;

  private final InMemoryAuditRecorder recorder = new InMemoryAuditRecorder();
  private final Unreachable unreachable = new Unreachable(recorder);
  private final RecordingEvents events = new RecordingEvents();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final FleetloopMetrics metrics = new FleetloopMetrics(registry);
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);
  private final OperatorContext context =
      new OperatorContext(
          clock,
          contract,
          events,
          metrics,
          ConditionAudit.recordingTo(unreachable, metrics, clock));
  private final DataTriggerReconciler triggers =
      new DataTriggerReconciler(context, new TriggerCompilation(TriggerCompiler.create()::compile));
  private final FleetReleaseReconciler releases = new FleetReleaseReconciler(context);

  @BeforeAll
  static void loadTheCrds() {
    contract = SpecContract.fromClasspath();
  }

  @Test
  void aRepeatedReconcileRecordsNothingNew() throws Exception {
    DataTrigger trigger = trigger("env.weather == 'fog'");

    assertThat(triggers.reconcile(trigger, null).isPatchStatus()).isTrue();
    assertThat(reasons()).containsExactly("Compiled True Compiled", "Ready True Compiled");

    // the status was written; the next reconciles compute the same conditions
    for (int i = 0; i < 3; i++) {
      assertThat(triggers.reconcile(trigger, null).isNoUpdate()).isTrue();
    }
    assertThat(reasons()).hasSize(2);
    assertThat(counted("unchanged")).isEqualTo(6);
    assertThat(events.events()).hasSize(2);
  }

  @Test
  void aReconcileRepeatedAfterACrashBeforeTheStatusWriteRecordsNothingNew() throws Exception {
    DataTrigger stored = trigger("env.weather == 'fog'");

    // recorded, then the process died before the status was written: the patch is lost
    UpdateControl<DataTrigger> lost = triggers.reconcile(copy(stored), null);
    assertThat(lost.isPatchStatus()).isTrue();
    // the next reconcile (this process after the retry, or a new one) starts from the same stored
    // object and computes the same conditions: the log answers that it has them
    UpdateControl<DataTrigger> again = triggers.reconcile(copy(stored), null);

    assertThat(again.isPatchStatus()).as("the status is written this time").isTrue();
    assertThat(reasons()).containsExactly("Compiled True Compiled", "Ready True Compiled");
  }

  @Test
  void aSpecChangeAnInvalidSpecAndTheFixAreEachRecordedOnce() throws Exception {
    DataTrigger trigger = trigger("env.weather == 'fog'");
    triggers.reconcile(trigger, null);

    nextGeneration(trigger).getSpec().setCondition("frame.takover");
    triggers.reconcile(trigger, null);
    triggers.reconcile(trigger, null);

    nextGeneration(trigger).getSpec().setCooldown("soon");
    triggers.reconcile(trigger, null);

    nextGeneration(trigger).getSpec().setCooldown(null);
    trigger.getSpec().setCondition("frame.takeover");
    triggers.reconcile(trigger, null);
    triggers.reconcile(trigger, null);

    assertThat(reasons())
        .containsExactly(
            "Compiled True Compiled",
            "Ready True Compiled",
            "Compiled False CompileError",
            "Ready False CompileError",
            // the contract check stops before compiling: Compiled is not computed again
            "Ready False InvalidSpec",
            "Compiled True Compiled",
            "Ready True Compiled");
    assertThat(recorder.transitions(stream(trigger)))
        .extracting(ConditionChanged::generation)
        .containsExactly(1L, 1L, 2L, 2L, 3L, 4L, 4L);
    assertThat(recorder.transitions(stream(trigger)).get(4).message()).contains("spec.cooldown");
  }

  @Test
  void anUnreachableAuditLogFailsTheReconcileBeforeAnythingIsWritten() throws Exception {
    DataTrigger trigger = trigger("env.weather == 'fog'");
    unreachable.down.set(true);

    assertThatThrownBy(() -> triggers.reconcile(trigger, null)).isInstanceOf(AuditException.class);
    assertThat(events.events()).as("no Event for a status that was not written").isEmpty();
    assertThat(trigger.getStatus()).isNull();
    assertThat(counted(FleetloopMetrics.AUDIT_FAILED)).isEqualTo(1);
    assertThat(context.audit().describe()).contains("unreachable since 2026-11-21T10:00:00Z");

    // the error path writes no ReconcileError (it could not be recorded) and leaves the retry to
    // JOSDK; with its attempts used up, it comes back later instead of giving up
    AuditException failure = new AuditException("UNAVAILABLE", "io exception", null);
    ErrorStatusUpdateControl<DataTrigger> retried =
        support().errorStatus(trigger, Optional.of(attempt(1, false)), failure);
    assertThat(retried.getResource()).isEmpty();
    assertThat(retried.isNoRetry()).isFalse();
    ErrorStatusUpdateControl<DataTrigger> lastAttempt =
        support().errorStatus(trigger, Optional.of(attempt(8, true)), failure);
    assertThat(lastAttempt.getResource()).isEmpty();
    assertThat(lastAttempt.isNoRetry()).isTrue();
    assertThat(lastAttempt.getScheduleDelay())
        .contains(ReconcilerSupport.AUDIT_OUTAGE_RESCHEDULE.toMillis());
    assertThat(recorder.events()).isEmpty();

    // back: the same reconcile records and writes, nothing was lost
    unreachable.down.set(false);
    assertThat(triggers.reconcile(trigger, null).isPatchStatus()).isTrue();
    assertThat(reasons()).containsExactly("Compiled True Compiled", "Ready True Compiled");
    assertThat(context.audit().describe()).doesNotContain("unreachable");
  }

  @Test
  void aReconcileErrorIsRecordedOnceHoweverOftenItRepeats() throws Exception {
    DataTrigger trigger = trigger("env.weather == 'fog'");
    triggers.reconcile(trigger, null);
    IllegalStateException boom = new IllegalStateException("compiler exploded");

    ErrorStatusUpdateControl<DataTrigger> first =
        support().errorStatus(trigger, Optional.of(attempt(1, false)), boom);
    assertThat(first.getResource()).isPresent();
    for (int attempt = 2; attempt <= 4; attempt++) {
      assertThat(
              support()
                  .errorStatus(trigger, Optional.of(attempt(attempt, false)), boom)
                  .getResource())
          .isEmpty();
    }

    assertThat(reasons())
        .containsExactly(
            "Compiled True Compiled",
            "Ready True Compiled",
            "Ready False " + Reasons.RECONCILE_ERROR);

    // the audit log down as well: no ReconcileError is written that the log lacks
    DataTrigger other = trigger("env.weather == 'rain'");
    other.getMetadata().setName("rain");
    unreachable.down.set(true);
    assertThat(support().errorStatus(other, Optional.of(attempt(1, false)), boom).getResource())
        .isEmpty();
    assertThat(other.getStatus()).isNull();
  }

  @Test
  void aRemovedConditionIsRecordedSoThatItsReturnIsATransitionAgain() throws Exception {
    FleetRelease release = Fixtures.fleetRelease("ns", "model-y-na", Fixtures.releaseSpec(1, 10));
    release.getMetadata().setUid(UID);
    releases.reconcile(release, null);
    release.getMetadata().setAnnotations(new HashMap<>());
    release.getMetadata().getAnnotations().put(FleetloopApi.ACTION_ANNOTATION, "launch");
    releases.reconcile(release, null);
    release.getMetadata().getAnnotations().clear();
    releases.reconcile(release, null);
    releases.reconcile(release, null);
    release.getMetadata().getAnnotations().put(FleetloopApi.ACTION_ANNOTATION, "launch");
    releases.reconcile(release, null);

    assertThat(
            recorder.transitions(ResourceIds.fleetRelease("ns", "model-y-na")).stream()
                .filter(c -> c.type().equals(ActionRequest.CONDITION))
                .map(c -> c.status() + " " + c.reason()))
        .containsExactly(
            "False " + ActionRequest.UNKNOWN_ACTION,
            ConditionAudit.REMOVED_STATUS + " " + ConditionAudit.REMOVED_REASON,
            "False " + ActionRequest.UNKNOWN_ACTION);
  }

  @Test
  void aRefusedReportIsLoggedAndTheStatusStillWritten() throws Exception {
    AuditRecorder refusing =
        new AuditRecorder() {
          @Override
          public Recorded recordCondition(ConditionTransition t) {
            return new Recorded(t.idempotencyKey(), Outcome.REJECTED, -1, "stale generation");
          }

          @Override
          public Recorded record(AuditEvent event, String idempotencyKey) {
            throw new UnsupportedOperationException();
          }
        };
    DataTriggerReconciler reconciler =
        new DataTriggerReconciler(
            new OperatorContext(
                clock,
                contract,
                events,
                metrics,
                ConditionAudit.recordingTo(refusing, metrics, clock)),
            new TriggerCompilation(TriggerCompiler.create()::compile));

    assertThat(reconciler.reconcile(trigger("env.weather == 'fog'"), null).isPatchStatus())
        .isTrue();
    assertThat(counted("rejected")).isEqualTo(2);
  }

  @Test
  void withoutAnAuditLogNothingIsRecordedAndTheGaugeSaysSo() throws Exception {
    SimpleMeterRegistry off = new SimpleMeterRegistry();
    ConditionAudit none =
        ConditionAudit.of(new OperatorSettings.Audit.None(), new FleetloopMetrics(off), clock);
    assertThat(none.enabled()).isFalse();
    assertThat(none.describe()).isEqualTo(ConditionAudit.NOT_CONFIGURED);
    assertThat(off.get(FleetloopMetrics.AUDIT_ENABLED).gauge().value()).isZero();
    assertThat(registry.get(FleetloopMetrics.AUDIT_ENABLED).gauge().value()).isEqualTo(1);

    DataTriggerReconciler reconciler =
        new DataTriggerReconciler(
            new OperatorContext(clock, contract, events, new FleetloopMetrics(off)),
            new TriggerCompilation(TriggerCompiler.create()::compile));
    assertThat(reconciler.reconcile(trigger("env.weather == 'fog'"), null).isPatchStatus())
        .isTrue();
    assertThat(recorder.events()).isEmpty();
  }

  @Test
  void anAuditFailureIsRecognisedThroughItsCauses() {
    AuditException audit = new AuditException("UNAVAILABLE", "down", null);
    assertThat(ConditionAudit.isAuditFailure(audit)).isTrue();
    assertThat(ConditionAudit.isAuditFailure(new IllegalStateException("wrapped", audit))).isTrue();
    assertThat(ConditionAudit.isAuditFailure(new IllegalStateException("other"))).isFalse();
  }

  // ---- helpers ----

  /**
   * An audit log that can be taken down: throws as {@code GrpcAuditRecorder} does after retries.
   */
  private static final class Unreachable implements AuditRecorder {
    final AtomicBoolean down = new AtomicBoolean();
    private final AuditRecorder up;

    Unreachable(AuditRecorder up) {
      this.up = up;
    }

    @Override
    public Recorded recordCondition(ConditionTransition t) {
      if (down.get()) {
        throw new AuditException("UNAVAILABLE", "io exception", null);
      }
      return up.recordCondition(t);
    }

    @Override
    public Recorded record(AuditEvent event, String idempotencyKey) {
      if (down.get()) {
        throw new AuditException("UNAVAILABLE", "io exception", null);
      }
      return up.record(event, idempotencyKey);
    }
  }

  private ReconcilerSupport<DataTrigger, DataTriggerStatus> support() {
    return new ReconcilerSupport<>(DataTrigger.KIND, DataTriggerStatus::new, context);
  }

  private static DataTrigger trigger(String condition) {
    DataTrigger trigger = Fixtures.dataTrigger("ns", "fog", condition);
    trigger.getMetadata().setUid(UID);
    return trigger;
  }

  private static DataTrigger nextGeneration(DataTrigger trigger) {
    trigger.getMetadata().setGeneration(trigger.getMetadata().getGeneration() + 1);
    return trigger;
  }

  private static DataTrigger copy(DataTrigger trigger) {
    return JSON.clone(trigger);
  }

  private static String stream(DataTrigger trigger) {
    return ResourceIds.dataTrigger(
        trigger.getMetadata().getNamespace(), trigger.getMetadata().getName());
  }

  private List<String> reasons() {
    return recorder.transitions(ResourceIds.dataTrigger("ns", "fog")).stream()
        .map(c -> c.type() + " " + c.status() + " " + c.reason())
        .toList();
  }

  private double counted(String outcome) {
    return registry
        .find(FleetloopMetrics.AUDIT_CONDITIONS)
        .tag("outcome", outcome)
        .counters()
        .stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  private static RetryInfo attempt(int count, boolean last) {
    return new RetryInfo() {
      @Override
      public int getAttemptCount() {
        return count;
      }

      @Override
      public boolean isLastAttempt() {
        return last;
      }
    };
  }
}
