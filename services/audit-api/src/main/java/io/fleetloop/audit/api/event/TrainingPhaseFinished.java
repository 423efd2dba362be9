package io.fleetloop.audit.api.event;

import java.util.Map;

/**
 * A phase of a TrainingRun finished, with its metrics (loss, accuracy, chip disagreement, ...).
 * Emitted by the TrainingRun reconciler from the trainer's report.
 */
public record TrainingPhaseFinished(
    String runId, String phase, boolean succeeded, Map<String, Double> metrics, String message)
    implements TrainingRunEvent {
  public TrainingPhaseFinished {
    metrics = Lists.copy(metrics);
  }

  @Override
  public String aggregateId() {
    return runId;
  }
}
