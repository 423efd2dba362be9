package io.fleetloop.audit.client;

import io.fleetloop.audit.api.event.AuditEvent;
import io.fleetloop.audit.api.event.ConditionChanged;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An {@link AuditRecorder} that keeps what it records in memory, with the audit log's own rules
 * (condition transitions by {@link ConditionLedger}, other facts by idempotency key). For operator
 * and service unit tests that assert what was recorded.
 */
public final class InMemoryAuditRecorder implements AuditRecorder {

  private final List<AuditEvent> events = new ArrayList<>();
  private final Set<String> keys = new HashSet<>();
  private final Map<String, ConditionLedger> ledgers = new HashMap<>();

  @Override
  public synchronized Recorded recordCondition(ConditionTransition t) {
    ConditionLedger ledger = ledgers.computeIfAbsent(t.streamId(), id -> new ConditionLedger());
    switch (ledger.judge(t.uid(), t.generation(), t.type(), t.status(), t.reason())) {
      case UNCHANGED:
        return new Recorded(t.idempotencyKey(), Outcome.UNCHANGED, -1, null);
      case STALE:
        return new Recorded(t.idempotencyKey(), Outcome.REJECTED, -1, "stale generation");
      default:
        ledger.remember(t.uid(), t.generation(), t.type(), t.status(), t.reason());
        events.add(t.toEvent());
        return new Recorded(t.idempotencyKey(), Outcome.APPENDED, events.size() - 1, null);
    }
  }

  @Override
  public synchronized Recorded record(AuditEvent event, String idempotencyKey) {
    if (!keys.add(idempotencyKey)) {
      return new Recorded(idempotencyKey, Outcome.DUPLICATE, -1, null);
    }
    events.add(event);
    return new Recorded(idempotencyKey, Outcome.APPENDED, events.size() - 1, null);
  }

  /** Everything recorded, in order. */
  public synchronized List<AuditEvent> events() {
    return List.copyOf(events);
  }

  /** The condition transitions recorded for one stream, in order. */
  public synchronized List<ConditionChanged> transitions(String streamId) {
    return events.stream()
        .filter(e -> e instanceof ConditionChanged c && c.resourceId().equals(streamId))
        .map(ConditionChanged.class::cast)
        .toList();
  }
}
