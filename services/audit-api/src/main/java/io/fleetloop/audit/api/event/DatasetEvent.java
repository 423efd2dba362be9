package io.fleetloop.audit.api.event;

/** Events of one dataset snapshot's stream ({@code dataset/<snapshot>}). */
public sealed interface DatasetEvent extends AuditEvent permits DatasetSnapshotCut {}
