package io.fleetloop.audit.api.query;

import java.util.List;

/**
 * Which dataset and runs produced a model version (the run that produced it first, then the runs of
 * its base versions back to the first generation), and which releases and cohorts ran it.
 */
public record ModelLineage(
    String modelVersion,
    String artifact,
    String digest,
    List<RunRef> producedBy,
    List<CohortRef> ranIn) {}
