package io.fleetloop.audit.client;

/**
 * The result of one append.
 *
 * @param sequence position in the stream; -1 when nothing was appended
 * @param globalIndex position in the log; -1 when nothing was appended
 * @param errorCode for {@link Outcome#REJECTED}: a gRPC status code name
 */
public record Appended(
    Outcome outcome,
    String streamId,
    long sequence,
    long globalIndex,
    String hash,
    String errorCode,
    String errorMessage) {}
