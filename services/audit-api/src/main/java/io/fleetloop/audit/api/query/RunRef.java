package io.fleetloop.audit.api.query;

import java.util.List;

/**
 * A training run in a lineage answer.
 *
 * @param validation {@code Validated}, {@code ValidationFailed}, or null when not validated yet
 * @param outcome {@code Running}, {@code Produced}, {@code Failed}
 */
public record RunRef(
    String runId,
    String modelVersion,
    String baseVersion,
    String datasetId,
    List<PhaseRef> phases,
    String validation,
    String outcome) {}
