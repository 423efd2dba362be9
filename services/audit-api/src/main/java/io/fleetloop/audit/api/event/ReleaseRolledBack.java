package io.fleetloop.audit.api.event;

import java.util.List;

/**
 * The candidate was withdrawn and the fleet returned to {@code restoredVersion}: automatically (the
 * measured values and the rule say why) or by an {@code abort}/{@code undo} action (the reason says
 * so). Emitted by the FleetRelease reconciler.
 */
public record ReleaseRolledBack(
    String releaseId,
    String version,
    String restoredVersion,
    int stage,
    List<Measurement> measured,
    String rule,
    String reason)
    implements ReleaseEvent {
  public ReleaseRolledBack {
    measured = Lists.copy(measured);
  }

  @Override
  public String aggregateId() {
    return releaseId;
  }
}
