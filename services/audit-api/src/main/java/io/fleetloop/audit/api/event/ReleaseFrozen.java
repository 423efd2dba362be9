package io.fleetloop.audit.api.event;

import java.util.List;

/**
 * The rollout stopped where it is because rolling back would be unsafe ({@code onUnsafe: Freeze}).
 * Emitted by the FleetRelease reconciler.
 */
public record ReleaseFrozen(
    String releaseId,
    String version,
    int stage,
    List<Measurement> measured,
    String rule,
    String reason)
    implements ReleaseEvent {
  public ReleaseFrozen {
    measured = Lists.copy(measured);
  }

  @Override
  public String aggregateId() {
    return releaseId;
  }
}
