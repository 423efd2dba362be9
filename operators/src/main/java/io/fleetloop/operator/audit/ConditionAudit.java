package io.fleetloop.operator.audit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetloop.audit.api.ResourceIds;
import io.fleetloop.audit.client.AuditClient;
import io.fleetloop.audit.client.AuditException;
import io.fleetloop.audit.client.AuditRecorder;
import io.fleetloop.audit.client.ConditionTransition;
import io.fleetloop.audit.client.GrpcAuditRecorder;
import io.fleetloop.audit.client.Recorded;
import io.fleetloop.operator.OperatorSettings;
import io.fleetloop.operator.common.Finding;
import io.fleetloop.operator.common.StatusUpdate;
import io.fleetloop.operator.metrics.FleetloopMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the conditions the reconcilers compute in the audit log (docs/audit.md), through one
 * {@link AuditRecorder} per kind (actor {@code operator/<kind>}), <em>before</em> the status is
 * written.
 *
 * <p>Level-triggered: every reconciliation hands over every condition it computed, changed or not.
 * The recorder and the audit log append a {@code ConditionChanged} only when the status or reason
 * differs from the last recorded state of that condition, so a reconciliation repeated after a
 * crash (the append done and the status write lost) appends nothing twice, and one whose append
 * failed never wrote a status the log does not know.
 *
 * <p>A condition the reconciliation removes (FleetRelease's {@code ActionAccepted} once the
 * annotation is gone) is recorded as status {@value #REMOVED_STATUS}, reason {@value
 * #REMOVED_REASON}: otherwise the same condition coming back would look unchanged to the log.
 *
 * <p>An unreachable audit log (after the client's retries) throws {@link AuditException} out of
 * {@link #record}: the reconciliation fails and JOSDK retries it with backoff. A report the log
 * refuses (a stale generation) is logged and counted, and does not stop the reconciliation.
 */
public final class ConditionAudit implements AutoCloseable {

  /** The one warning an operator without an audit log logs at start-up. */
  public static final String NOT_CONFIGURED =
      "audit log not configured ("
          + OperatorSettings.Env.AUDIT_ENDPOINT
          + "): condition transitions are not recorded";

  /** Status recorded for a condition the reconciliation removed. */
  public static final String REMOVED_STATUS = "Unknown";

  /** Reason recorded for a condition the reconciliation removed. */
  public static final String REMOVED_REASON = "ConditionRemoved";

  /**
   * The operator's audit client: a shorter deadline and fewer attempts than the client's defaults,
   * so that an audit log that does not answer holds a reconcile thread for about 20 s at most
   * (refused connections fail in under a second); JOSDK's retry does the long waiting.
   */
  static final AuditClient.Options CLIENT_OPTIONS =
      new AuditClient.Options(
          Duration.ofSeconds(5), 4, Duration.ofMillis(100), Duration.ofSeconds(2), null);

  private static final Logger log = LoggerFactory.getLogger(ConditionAudit.class);

  private final boolean enabled;
  private final String target;
  private final Function<String, AuditRecorder> recorderForActor;
  private final Map<String, AuditRecorder> recorders = new ConcurrentHashMap<>();
  private final AutoCloseable owned;
  private final FleetloopMetrics metrics;
  private final Clock clock;
  private volatile Failure failing;

  /** Since when, and why, the audit log cannot be reached (cleared by the next success). */
  private record Failure(Instant since, String message) {}

  private ConditionAudit(
      boolean enabled,
      String target,
      Function<String, AuditRecorder> recorderForActor,
      AutoCloseable owned,
      FleetloopMetrics metrics,
      Clock clock) {
    this.enabled = enabled;
    this.target = target;
    this.recorderForActor = recorderForActor;
    this.owned = owned;
    this.metrics = metrics;
    this.clock = clock;
    metrics.auditEnabled(enabled);
  }

  /**
   * The audit of {@code settings}: a client of the endpoint (owned, closed by {@link #close()}),
   * the given recorder, or none (with the {@link #NOT_CONFIGURED} warning, logged here once).
   */
  public static ConditionAudit of(
      OperatorSettings.Audit settings, FleetloopMetrics metrics, Clock clock) {
    if (settings instanceof OperatorSettings.Audit.Endpoint endpoint) {
      AuditClient client =
          AuditClient.connect(
              endpoint.target(),
              CLIENT_OPTIONS.withAppendToken(endpoint.appendToken().orElse(null)));
      return new ConditionAudit(
          true,
          endpoint.target(),
          actor -> new GrpcAuditRecorder(client, actor),
          client,
          metrics,
          clock);
    }
    if (settings instanceof OperatorSettings.Audit.Recorder given) {
      return recordingTo(given.recorder(), metrics, clock);
    }
    log.warn(NOT_CONFIGURED);
    return disabled(metrics);
  }

  /** Records nothing (no warning: {@link #of} warns when a configuration asks for this). */
  public static ConditionAudit disabled(FleetloopMetrics metrics) {
    AuditRecorder noop = AuditRecorder.noop();
    return new ConditionAudit(false, null, actor -> noop, null, metrics, Clock.systemUTC());
  }

  /** Records every kind's conditions through {@code recorder}, which the caller owns. */
  public static ConditionAudit recordingTo(
      AuditRecorder recorder, FleetloopMetrics metrics, Clock clock) {
    Objects.requireNonNull(recorder, "recorder");
    return new ConditionAudit(
        true, recorder.getClass().getSimpleName(), actor -> recorder, null, metrics, clock);
  }

  /** True when transitions are recorded. */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Records every condition {@code status} computed (and each it removed) for {@code resource} of
   * {@code kind}. Call it before the status is written.
   *
   * @throws AuditException when the audit log cannot be reached: fail the reconciliation
   */
  public void record(String kind, HasMetadata resource, StatusUpdate<?> status) {
    if (!enabled) {
      return;
    }
    AuditRecorder recorder = recorderFor(kind);
    String uid = Objects.requireNonNullElse(resource.getMetadata().getUid(), "");
    try {
      for (Finding f : status.computed()) {
        handle(
            kind,
            recorder.recordCondition(
                transition(
                    kind, resource, uid, status, f.type(), f.status(), f.reason(), f.message())));
      }
      for (String type : status.removed()) {
        handle(
            kind,
            recorder.recordCondition(
                transition(
                    kind,
                    resource,
                    uid,
                    status,
                    type,
                    REMOVED_STATUS,
                    REMOVED_REASON,
                    "the reconciler removed the condition")));
      }
    } catch (AuditException e) {
      metrics.auditCondition(kind, FleetloopMetrics.AUDIT_FAILED);
      if (failing == null) {
        failing = new Failure(clock.instant(), e.getMessage());
      }
      throw e;
    }
    failing = null;
  }

  /**
   * The recorder of {@code kind}'s domain facts (release decisions, trigger rollouts): the one its
   * conditions are recorded with (actor {@code operator/<kind>}), on this audit's client, so a
   * reconciler needs no audit client of its own; a no-op recorder when the audit is disabled. Owned
   * by this audit: closed with it.
   */
  public AuditRecorder recorder(String kind) {
    return recorderFor(kind);
  }

  private static ConditionTransition transition(
      String kind,
      HasMetadata resource,
      String uid,
      StatusUpdate<?> status,
      String type,
      String conditionStatus,
      String reason,
      String message) {
    return new ConditionTransition(
        kind,
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        uid,
        status.generation(),
        type,
        conditionStatus,
        reason,
        message);
  }

  /** Forgets what was recorded for a deleted resource (the recorder's client-side memory). */
  public void forget(String kind, HasMetadata resource) {
    if (!enabled) {
      return;
    }
    if (recorderFor(kind) instanceof GrpcAuditRecorder grpc) {
      grpc.forget(
          ResourceIds.forResource(
              kind, resource.getMetadata().getNamespace(), resource.getMetadata().getName()));
    }
  }

  /** What {@code /readyz} says about the audit log (it never makes the operator unready). */
  public String describe() {
    if (!enabled) {
      return NOT_CONFIGURED;
    }
    Failure f = failing;
    return "audit log: recording to "
        + target
        + (f == null ? "" : ", unreachable since " + f.since() + " (" + f.message() + ")");
  }

  /** When the last record failed because the audit log was unreachable, and why; else empty. */
  public Optional<String> failure() {
    return Optional.ofNullable(failing).map(f -> f.since() + ": " + f.message());
  }

  /**
   * The {@link AuditException} {@code e} is or was caused by (JOSDK wraps what a reconciler
   * throws): the audit log could not be reached, nothing was written.
   */
  public static Optional<AuditException> auditFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof AuditException audit) {
        return Optional.of(audit);
      }
    }
    return Optional.empty();
  }

  /** True when {@link #auditFailure} finds one. */
  public static boolean isAuditFailure(Throwable e) {
    return auditFailure(e).isPresent();
  }

  /** Closes the client this audit made (never a recorder given to it). */
  @Override
  public void close() {
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        log.warn("closing the audit client failed: {}", e.toString());
      }
    }
  }

  private AuditRecorder recorderFor(String kind) {
    return recorders.computeIfAbsent(
        kind, k -> recorderForActor.apply("operator/" + k.toLowerCase(Locale.ROOT)));
  }

  private void handle(String kind, Recorded r) {
    metrics.auditCondition(kind, r.outcome().name().toLowerCase(Locale.ROOT));
    switch (r.outcome()) {
      case REJECTED ->
          log.warn(
              "the audit log refused a condition report ({}): {}", r.idempotencyKey(), r.detail());
      case APPENDED -> log.debug("recorded in the audit log at {}", r.globalIndex());
      default -> {
        // UNCHANGED, DUPLICATE: already recorded
      }
    }
  }
}
