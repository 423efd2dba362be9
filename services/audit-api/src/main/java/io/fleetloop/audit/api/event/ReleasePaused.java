package io.fleetloop.audit.api.event;

/** The rollout was paused ({@code spec.paused} or an action). Emitted by the reconciler. */
public record ReleasePaused(String releaseId, String reason) implements ReleaseEvent {
  @Override
  public String aggregateId() {
    return releaseId;
  }
}
