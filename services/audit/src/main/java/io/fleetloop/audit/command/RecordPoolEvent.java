package io.fleetloop.audit.command;

import io.fleetloop.audit.api.event.PoolEvent;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record a fact about a HardwarePool (its condition transitions). */
public record RecordPoolEvent(
    @TargetAggregateIdentifier String poolId, PoolEvent event, Long expectedVersion)
    implements RecordCommand {
  @Override
  public String streamId() {
    return poolId;
  }
}
