package io.fleetloop.audit.api.event;

/**
 * A reconciler moved a condition of a custom resource (DataTrigger, HardwarePool, TrainingRun,
 * FleetRelease) to a new status or reason. Recorded only when it differs from the last recorded
 * state of that condition, so a reconcile repeated after a crash appends nothing.
 *
 * @param resourceId e.g. {@code fleetrelease/prod/model-y-na}
 * @param uid the resource's uid (a recreated resource starts a new history of conditions)
 * @param generation the generation the condition was computed from
 */
public record ConditionChanged(
    String resourceId,
    String uid,
    long generation,
    String type,
    String status,
    String reason,
    String message)
    implements TriggerEvent, TrainingRunEvent, ReleaseEvent, PoolEvent {
  @Override
  public String aggregateId() {
    return resourceId;
  }
}
