package io.fleetloop.audit.store;

/**
 * Where an appended event landed: its stream position, log position and hash ({@code hash} in hex;
 * {@code streamHash} as stored).
 */
public record AppendReceipt(
    String eventIdentifier,
    String streamId,
    long sequence,
    long globalIndex,
    String hash,
    byte[] streamHash) {}
