package io.fleetloop.audit.api.query;

import java.time.Instant;

/**
 * A clip in a lineage answer. Fields other than the id are null when the clip's ingest batch is not
 * in the log (e.g. it predates it).
 */
public record ClipRef(
    String clipId, String deviceId, String triggerId, String modelVersion, Instant capturedAt) {}
