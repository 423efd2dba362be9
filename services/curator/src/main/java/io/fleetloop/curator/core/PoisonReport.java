package io.fleetloop.curator.core;

/**
 * A message that failed its last attempt and was handed to the dead-letter topic.
 *
 * @param messageId the Pulsar message id
 * @param clipId the clip id, from the message or its {@code clipId} property ("" when unknown)
 * @param deviceId the message key ("" when none)
 * @param reason why it is poison
 * @param detail the error message
 * @param attempts how many times it was tried
 * @param at ISO-8601 instant of the last attempt
 */
public record PoisonReport(
    String messageId,
    String clipId,
    String deviceId,
    PoisonReason reason,
    String detail,
    int attempts,
    String at) {}
