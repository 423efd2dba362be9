package io.fleetloop.audit.api.event;

/** Events of one HardwarePool's stream ({@code hardwarepool/<name>}). */
public sealed interface PoolEvent extends AuditEvent permits ConditionChanged {}
