package io.fleetloop.audit.api.query;

import java.time.Instant;

/**
 * A cohort that ran (or shadowed) a model version in a release.
 *
 * @param role {@code Shadow} (rode along) or {@code Candidate} (drove) or {@code Stable}
 * @param until null while it still runs
 * @param outcome how that cohort's run ended: {@code Advanced}, {@code Promoted}, {@code
 *     RolledBack}, {@code Frozen}, or null while running
 */
public record CohortRef(
    String releaseId,
    String modelVersion,
    String role,
    int stage,
    String cohort,
    int percent,
    long devices,
    Instant since,
    Instant until,
    String outcome) {}
