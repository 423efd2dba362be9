package io.fleetloop.audit.api.event;

/**
 * A fact in the audit log. Every event names the stream (aggregate) it belongs to; the stream id is
 * a {@link io.fleetloop.audit.api.ResourceIds resource id} such as {@code
 * fleetrelease/prod/model-y-na}.
 *
 * <p>Events are the wire vocabulary: operators and services report facts they already decided; the
 * audit service checks each against the resource's lifecycle and appends it. The catalogue (names,
 * fields, emitters) is in {@code docs/audit.md} and {@link io.fleetloop.audit.api.EventCatalogue}.
 */
public sealed interface AuditEvent
    permits TriggerEvent, DatasetEvent, TrainingRunEvent, ReleaseEvent, DeviceEvent, PoolEvent {

  /** The id of the stream this event belongs to. */
  String aggregateId();
}
