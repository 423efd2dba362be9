package io.fleetloop.audit.client;

/**
 * What a recorder did with one fact.
 *
 * @param idempotencyKey the key it was sent with
 * @param globalIndex position in the log, -1 when nothing was appended
 * @param detail why, for {@link Outcome#REJECTED}
 */
public record Recorded(String idempotencyKey, Outcome outcome, long globalIndex, String detail) {}
