package io.fleetloop.audit.command;

import io.fleetloop.audit.api.event.TrainingRunEvent;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record a fact about a TrainingRun. */
public record RecordTrainingRunEvent(
    @TargetAggregateIdentifier String runId, TrainingRunEvent event, Long expectedVersion)
    implements RecordCommand {
  @Override
  public String streamId() {
    return runId;
  }
}
