package io.fleetloop.curator.store;

import java.util.List;
import java.util.Map;

/**
 * The registry record of a committed snapshot ({@code curation/snapshots/<hex>.json}).
 *
 * @param id {@code sha256:<hex>} of the manifest
 * @param manifestUri where the manifest lies
 * @param triggers the snapshot's trigger set, sorted (empty = all)
 * @param parent the snapshot it extends, or null
 * @param idempotencyKey the key it was cut with
 * @param requestedBy who asked
 * @param createdAt ISO-8601 instant
 * @param clips number of clips
 * @param frames number of frames
 * @param perCondition clips per condition label
 */
public record SnapshotEntry(
    String id,
    String manifestUri,
    List<String> triggers,
    String parent,
    String idempotencyKey,
    String requestedBy,
    String createdAt,
    long clips,
    long frames,
    Map<String, Long> perCondition) {}
