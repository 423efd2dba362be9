package io.fleetloop.audit.api.event;

/**
 * The current generation of a DataTrigger reached its canary slice of the fleet. Emitted by the
 * DataTrigger reconciler (or the release channel, which hands triggers to devices).
 *
 * @param percent share of the targeted devices that run this generation
 * @param devices number of devices in the slice
 */
public record TriggerCanaried(String triggerId, long generation, int percent, long devices)
    implements TriggerEvent {
  @Override
  public String aggregateId() {
    return triggerId;
  }
}
