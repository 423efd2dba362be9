package io.fleetloop.audit.command;

import io.fleetloop.audit.api.event.DeviceEvent;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record a device-side fact (an ingested batch of clips). */
public record RecordDeviceEvent(
    @TargetAggregateIdentifier String deviceId, DeviceEvent event, Long expectedVersion)
    implements RecordCommand {
  @Override
  public String streamId() {
    return deviceId;
  }
}
