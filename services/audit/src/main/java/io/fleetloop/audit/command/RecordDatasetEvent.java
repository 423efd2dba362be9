package io.fleetloop.audit.command;

import io.fleetloop.audit.api.event.DatasetEvent;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record a fact about a dataset snapshot. */
public record RecordDatasetEvent(
    @TargetAggregateIdentifier String datasetId, DatasetEvent event, Long expectedVersion)
    implements RecordCommand {
  @Override
  public String streamId() {
    return datasetId;
  }
}
