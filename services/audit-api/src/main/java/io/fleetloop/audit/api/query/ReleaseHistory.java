package io.fleetloop.audit.api.query;

import java.util.List;

/**
 * Why a release moved, paused, was promoted, rolled back or froze, decision by decision.
 *
 * @param state {@code Shadow}, {@code Rolling}, {@code Paused}, {@code Frozen}, {@code Promoted},
 *     {@code RolledBack}
 */
public record ReleaseHistory(
    String releaseId,
    String stableVersion,
    String candidateVersion,
    int stage,
    String state,
    List<CohortRef> cohorts,
    List<Decision> decisions) {}
