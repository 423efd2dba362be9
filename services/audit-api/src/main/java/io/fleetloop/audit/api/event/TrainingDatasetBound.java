package io.fleetloop.audit.api.event;

/** The dataset snapshot a TrainingRun trains on was fixed (before its first phase). */
public record TrainingDatasetBound(String runId, String datasetId) implements TrainingRunEvent {
  @Override
  public String aggregateId() {
    return runId;
  }
}
