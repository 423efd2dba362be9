package io.fleetloop.audit.api.event;

/** Events of one device's stream ({@code device/<deviceId>}): the device-side facts for lineage. */
public sealed interface DeviceEvent extends AuditEvent permits ClipsIngested {}
