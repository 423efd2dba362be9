package io.fleetloop.audit.client;

import io.fleetloop.audit.api.event.AuditEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AuditRecorder} operators use: appends through an {@link AuditClient}. It remembers the
 * last state it recorded per resource and condition type, so a reconcile that changes nothing costs
 * no call; after a restart that memory is empty and the first reconcile of each resource sends its
 * conditions once, which the audit log answers {@code UNCHANGED} where nothing moved.
 */
public final class GrpcAuditRecorder implements AuditRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(GrpcAuditRecorder.class);

  private final AuditClient client;
  private final String actor;
  private final Map<String, ConditionLedger> recorded = new ConcurrentHashMap<>();

  /**
   * @param actor who records, e.g. {@code operator/fleetrelease}
   */
  public GrpcAuditRecorder(AuditClient client, String actor) {
    this.client = client;
    this.actor = actor;
  }

  @Override
  public Recorded recordCondition(ConditionTransition t) {
    String streamId = t.streamId();
    ConditionLedger ledger = recorded.computeIfAbsent(streamId, id -> new ConditionLedger());
    synchronized (ledger) {
      if (ledger.judge(t.uid(), t.generation(), t.type(), t.status(), t.reason())
          != ConditionLedger.Verdict.TRANSITION) {
        return new Recorded(t.idempotencyKey(), Outcome.UNCHANGED, -1, null);
      }
      Recorded result = record(t.toEvent(), t.idempotencyKey());
      if (result.outcome() != Outcome.REJECTED) {
        ledger.remember(t.uid(), t.generation(), t.type(), t.status(), t.reason());
      }
      return result;
    }
  }

  @Override
  public Recorded record(AuditEvent event, String idempotencyKey) {
    try {
      Appended a = client.append(PendingEvent.of(event, idempotencyKey, actor));
      return new Recorded(idempotencyKey, a.outcome(), a.globalIndex(), null);
    } catch (AuditException e) {
      if ("FAILED_PRECONDITION".equals(e.code())
          || "INVALID_ARGUMENT".equals(e.code())
          || "ALREADY_EXISTS".equals(e.code())) {
        LOG.warn(
            "audit log refused {} for {}: {}",
            event.getClass().getSimpleName(),
            event.aggregateId(),
            e.getMessage());
        return new Recorded(idempotencyKey, Outcome.REJECTED, -1, e.getMessage());
      }
      throw e;
    }
  }

  /** Forgets what was recorded for a stream (call when the resource is deleted). */
  public void forget(String streamId) {
    recorded.remove(streamId);
  }
}
