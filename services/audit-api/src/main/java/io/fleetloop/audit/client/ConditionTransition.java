package io.fleetloop.audit.client;

import io.fleetloop.audit.api.ResourceIds;
import io.fleetloop.audit.api.event.ConditionChanged;
import java.util.Objects;

/**
 * A condition as a reconciler just computed it for one custom resource.
 *
 * @param kind {@code DataTrigger}, {@code HardwarePool}, {@code TrainingRun} or {@code
 *     FleetRelease}
 * @param namespace ignored for the cluster-scoped HardwarePool
 * @param uid {@code metadata.uid}
 * @param generation {@code metadata.generation} the condition was computed from
 */
public record ConditionTransition(
    String kind,
    String namespace,
    String name,
    String uid,
    long generation,
    String type,
    String status,
    String reason,
    String message) {

  public ConditionTransition {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
  }

  /** The stream id of the resource, e.g. {@code fleetrelease/prod/model-y-na}. */
  public String streamId() {
    return ResourceIds.forResource(kind, namespace, name);
  }

  /**
   * The idempotency key: the same (uid, generation, type, status, reason) gives the same key, so a
   * reconcile repeated after a crash re-sends the same request.
   */
  public String idempotencyKey() {
    return IdempotencyKeys.derive("condition", uid, generation, type, status, reason);
  }

  /** The event this transition is recorded as. */
  public ConditionChanged toEvent() {
    return new ConditionChanged(
        streamId(), uid, generation, type, status, reason, message == null ? "" : message);
  }
}
