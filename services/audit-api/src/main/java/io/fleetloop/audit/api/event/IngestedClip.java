package io.fleetloop.audit.api.event;

import java.time.Instant;

/**
 * One clip of a {@link ClipsIngested} batch.
 *
 * @param clipId content-addressed clip id
 * @param triggerId the DataTrigger that fired it ({@code datatrigger/<ns>/<name>})
 * @param triggerGeneration the trigger generation the device evaluated
 * @param modelVersion the active model on the device when it was captured
 * @param digest {@code sha256:<hex>} of the payload
 */
public record IngestedClip(
    String clipId,
    String triggerId,
    long triggerGeneration,
    String modelVersion,
    String digest,
    long bytes,
    Instant capturedAt) {}
