package io.fleetloop.audit.api.event;

/**
 * The spec of a deployed DataTrigger changed (a newer generation). Emitted by the DataTrigger
 * reconciler.
 */
public record TriggerChanged(
    String triggerId,
    long generation,
    String condition,
    int priority,
    double samplingRate,
    int canaryPercent,
    String specDigest)
    implements TriggerEvent {
  @Override
  public String aggregateId() {
    return triggerId;
  }
}
