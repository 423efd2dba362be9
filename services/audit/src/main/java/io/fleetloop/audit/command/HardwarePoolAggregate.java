package io.fleetloop.audit.command;

import io.fleetloop.audit.api.StreamKind;
import io.fleetloop.audit.api.event.ConditionChanged;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.CreationPolicy;

/** A HardwarePool's audit stream: the condition transitions its reconciler makes. */
public class HardwarePoolAggregate extends ResourceAggregate {

  public HardwarePoolAggregate() {}

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  public Decision handle(RecordPoolEvent cmd) {
    checkVersion(cmd.expectedVersion());
    Check.streamId(cmd.poolId(), StreamKind.HARDWAREPOOL, "poolId");
    Check.same(cmd.poolId(), cmd.event().aggregateId(), "poolId");
    return recordCondition(cmd.poolId(), (ConditionChanged) cmd.event());
  }
}
