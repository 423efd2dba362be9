package io.fleetloop.audit.api.event;

/** Events of one FleetRelease's stream ({@code fleetrelease/<namespace>/<name>}). */
public sealed interface ReleaseEvent extends AuditEvent
    permits ShadowStarted,
        StageAdvanced,
        ReleasePaused,
        ReleaseResumed,
        ReleasePromoted,
        ReleaseRolledBack,
        ReleaseFrozen,
        ConditionChanged {}
