package io.fleetloop.audit.api.event;

/**
 * A DataTrigger was accepted and distributed for the first time (or again after it was retired).
 * Emitted by the DataTrigger reconciler.
 *
 * @param triggerId {@code datatrigger/<namespace>/<name>}
 * @param uid the Kubernetes uid of this incarnation
 * @param generation {@code metadata.generation} of the deployed spec
 * @param condition the CEL condition
 * @param priority 0..100
 * @param samplingRate share of firings kept, (0, 1]
 * @param canaryPercent share of the fleet a new or changed version reaches first
 * @param specDigest {@code sha256:<hex>} of the spec, to tell versions apart
 */
public record TriggerDeployed(
    String triggerId,
    String uid,
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
