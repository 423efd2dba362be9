package io.fleetloop.audit.command;

import io.fleetloop.audit.api.event.ReleaseEvent;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record a fact about a FleetRelease. */
public record RecordReleaseEvent(
    @TargetAggregateIdentifier String releaseId, ReleaseEvent event, Long expectedVersion)
    implements RecordCommand {
  @Override
  public String streamId() {
    return releaseId;
  }
}
