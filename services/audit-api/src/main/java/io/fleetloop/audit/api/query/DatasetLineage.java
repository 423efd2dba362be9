package io.fleetloop.audit.api.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Which clips and triggers fed a dataset snapshot, and which runs trained on it.
 *
 * @param clips the clips recorded with the snapshot (empty when only the manifest digest was)
 * @param triggers clips per trigger id
 * @param trainingRuns the runs bound to this dataset
 */
public record DatasetLineage(
    String datasetId,
    String manifestUri,
    String manifestDigest,
    long clipCount,
    Instant cutAt,
    List<ClipRef> clips,
    Map<String, Long> triggers,
    List<String> trainingRuns) {}
