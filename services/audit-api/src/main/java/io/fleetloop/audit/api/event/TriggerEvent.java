package io.fleetloop.audit.api.event;

/** Events of one DataTrigger's stream ({@code datatrigger/<namespace>/<name>}). */
public sealed interface TriggerEvent extends AuditEvent
    permits TriggerDeployed, TriggerChanged, TriggerCanaried, TriggerRetired, ConditionChanged {}
