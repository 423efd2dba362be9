package io.fleetloop.audit.command;

import io.fleetloop.audit.api.event.TriggerEvent;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record a fact about a DataTrigger. */
public record RecordTriggerEvent(
    @TargetAggregateIdentifier String triggerId, TriggerEvent event, Long expectedVersion)
    implements RecordCommand {
  @Override
  public String streamId() {
    return triggerId;
  }
}
