package io.fleetloop.audit.api.event;

/**
 * A phase of a TrainingRun started on a HardwarePool. Emitted by the TrainingRun reconciler.
 *
 * @param precision {@code FP32} or {@code Chip}
 */
public record TrainingPhaseStarted(String runId, String phase, String pool, String precision)
    implements TrainingRunEvent {
  @Override
  public String aggregateId() {
    return runId;
  }
}
