package io.fleetloop.audit.api.event;

/** A paused or frozen rollout continues. Emitted by the reconciler. */
public record ReleaseResumed(String releaseId, String reason) implements ReleaseEvent {
  @Override
  public String aggregateId() {
    return releaseId;
  }
}
