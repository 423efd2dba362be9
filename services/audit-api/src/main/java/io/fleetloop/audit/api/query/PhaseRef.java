package io.fleetloop.audit.api.query;

import java.util.Map;

/** One phase of a run in a lineage answer. {@code succeeded} is null while it runs. */
public record PhaseRef(
    String phase, String pool, String precision, Boolean succeeded, Map<String, Double> metrics) {}
