package io.fleetloop.audit.api.event;

import java.util.List;

/** The candidate became the stable version for the whole fleet. Emitted by the reconciler. */
public record ReleasePromoted(
    String releaseId, String version, List<Measurement> measured, String rule)
    implements ReleaseEvent {
  public ReleasePromoted {
    measured = Lists.copy(measured);
  }

  @Override
  public String aggregateId() {
    return releaseId;
  }
}
