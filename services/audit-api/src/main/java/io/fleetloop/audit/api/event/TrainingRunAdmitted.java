package io.fleetloop.audit.api.event;

import java.util.List;

/**
 * A TrainingRun was admitted to its pools' queues. Emitted by the TrainingRun reconciler.
 *
 * @param model the model name, e.g. {@code policy}
 * @param baseVersion the warm-start model version, or null
 * @param datasetId the dataset snapshot it trains on, or null when it is bound later
 * @param phases the phase names in order
 */
public record TrainingRunAdmitted(
    String runId,
    String uid,
    long generation,
    String model,
    String baseVersion,
    String datasetId,
    List<String> phases,
    int priority)
    implements TrainingRunEvent {
  public TrainingRunAdmitted {
    phases = Lists.copy(phases);
  }

  @Override
  public String aggregateId() {
    return runId;
  }
}
