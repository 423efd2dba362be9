package io.fleetloop.audit.api.event;

/** The run failed (in {@code phase}, or before any phase when null). Terminal. */
public record TrainingRunFailed(String runId, String phase, String reason)
    implements TrainingRunEvent {
  @Override
  public String aggregateId() {
    return runId;
  }
}
