package io.fleetloop.audit.client;

import io.fleetloop.audit.api.event.AuditEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * An event to append.
 *
 * @param idempotencyKey required; see {@link IdempotencyKeys}
 * @param actor who emits it, e.g. {@code service/curator}
 * @param occurredAt when it happened, or null
 * @param expectedVersion the stream's last sequence number the writer saw (-1: new stream), or null
 *     for no optimistic check
 */
public record PendingEvent(
    AuditEvent event,
    String idempotencyKey,
    String actor,
    Instant occurredAt,
    Long expectedVersion) {

  public PendingEvent {
    Objects.requireNonNull(event, "event");
    if (idempotencyKey == null || idempotencyKey.isBlank()) {
      throw new IllegalArgumentException("an idempotency key is required");
    }
  }

  public static PendingEvent of(AuditEvent event, String idempotencyKey, String actor) {
    return new PendingEvent(event, idempotencyKey, actor, null, null);
  }
}
