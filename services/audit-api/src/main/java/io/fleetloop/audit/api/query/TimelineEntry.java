package io.fleetloop.audit.api.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One event of a resource's history, as stored.
 *
 * @param globalIndex position in the whole log
 * @param sequence position in the stream
 * @param timestamp when it was appended
 * @param occurredAt when the emitter says it happened (null if not reported)
 * @param actor who emitted it, e.g. {@code operator/fleetrelease}
 * @param eventType catalogue name; an unknown type is shown with its stored name
 * @param known false when this build does not know the event type (the payload is shown raw)
 * @param summary one human line
 * @param payload the event's fields
 * @param hash the event's hash in the global chain
 */
public record TimelineEntry(
    long globalIndex,
    String streamId,
    long sequence,
    Instant timestamp,
    Instant occurredAt,
    String actor,
    String eventType,
    boolean known,
    String summary,
    JsonNode payload,
    String hash) {}
