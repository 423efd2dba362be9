package io.fleetloop.audit.api.event;

/** A DataTrigger was deleted or disabled; devices stop evaluating it. Emitted by the reconciler. */
public record TriggerRetired(String triggerId, String reason) implements TriggerEvent {
  @Override
  public String aggregateId() {
    return triggerId;
  }
}
