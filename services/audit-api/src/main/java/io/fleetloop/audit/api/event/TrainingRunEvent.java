package io.fleetloop.audit.api.event;

/** Events of one TrainingRun's stream ({@code trainingrun/<namespace>/<name>}). */
public sealed interface TrainingRunEvent extends AuditEvent
    permits TrainingRunAdmitted,
        TrainingDatasetBound,
        TrainingPhaseStarted,
        TrainingPhaseFinished,
        ModelProduced,
        ModelValidated,
        ModelValidationFailed,
        TrainingRunFailed,
        ConditionChanged {}
