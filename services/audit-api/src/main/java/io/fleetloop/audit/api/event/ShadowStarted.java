package io.fleetloop.audit.api.event;

/**
 * A candidate model started riding along (never driving) on a shadow cohort. Emitted by the
 * FleetRelease reconciler.
 */
public record ShadowStarted(
    String releaseId, String candidateVersion, String stableVersion, Cohort cohort)
    implements ReleaseEvent {
  @Override
  public String aggregateId() {
    return releaseId;
  }
}
