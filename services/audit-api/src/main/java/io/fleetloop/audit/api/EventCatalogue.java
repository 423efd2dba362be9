package io.fleetloop.audit.api;

import io.fleetloop.audit.api.event.AuditEvent;
import io.fleetloop.audit.api.event.ClipsIngested;
import io.fleetloop.audit.api.event.ConditionChanged;
import io.fleetloop.audit.api.event.DatasetSnapshotCut;
import io.fleetloop.audit.api.event.ModelProduced;
import io.fleetloop.audit.api.event.ModelValidated;
import io.fleetloop.audit.api.event.ModelValidationFailed;
import io.fleetloop.audit.api.event.ReleaseFrozen;
import io.fleetloop.audit.api.event.ReleasePaused;
import io.fleetloop.audit.api.event.ReleasePromoted;
import io.fleetloop.audit.api.event.ReleaseResumed;
import io.fleetloop.audit.api.event.ReleaseRolledBack;
import io.fleetloop.audit.api.event.ShadowStarted;
import io.fleetloop.audit.api.event.StageAdvanced;
import io.fleetloop.audit.api.event.TrainingDatasetBound;
import io.fleetloop.audit.api.event.TrainingPhaseFinished;
import io.fleetloop.audit.api.event.TrainingPhaseStarted;
import io.fleetloop.audit.api.event.TrainingRunAdmitted;
import io.fleetloop.audit.api.event.TrainingRunFailed;
import io.fleetloop.audit.api.event.TriggerCanaried;
import io.fleetloop.audit.api.event.TriggerChanged;
import io.fleetloop.audit.api.event.TriggerDeployed;
import io.fleetloop.audit.api.event.TriggerRetired;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every event type the audit log accepts, by its stable name. The name (not the Java class name) is
 * what travels on the wire and what is stored as the payload type, so classes can move without
 * rewriting the log. A name not in here is an unknown event type: rejected on append, shown raw
 * (never dropped) when read.
 */
public final class EventCatalogue {

  private static final Map<String, Class<? extends AuditEvent>> BY_NAME;
  private static final Map<Class<?>, String> BY_CLASS;

  static {
    Map<String, Class<? extends AuditEvent>> byName = new LinkedHashMap<>();
    for (Class<? extends AuditEvent> type :
        java.util.List.<Class<? extends AuditEvent>>of(
            TriggerDeployed.class,
            TriggerChanged.class,
            TriggerCanaried.class,
            TriggerRetired.class,
            DatasetSnapshotCut.class,
            TrainingRunAdmitted.class,
            TrainingDatasetBound.class,
            TrainingPhaseStarted.class,
            TrainingPhaseFinished.class,
            ModelProduced.class,
            ModelValidated.class,
            ModelValidationFailed.class,
            TrainingRunFailed.class,
            ShadowStarted.class,
            StageAdvanced.class,
            ReleasePaused.class,
            ReleaseResumed.class,
            ReleasePromoted.class,
            ReleaseRolledBack.class,
            ReleaseFrozen.class,
            ClipsIngested.class,
            ConditionChanged.class)) {
      byName.put(type.getSimpleName(), type);
    }
    BY_NAME = Collections.unmodifiableMap(byName);
    Map<Class<?>, String> byClass = new LinkedHashMap<>();
    byName.forEach((name, type) -> byClass.put(type, name));
    BY_CLASS = Collections.unmodifiableMap(byClass);
  }

  private EventCatalogue() {}

  /** The event class for a catalogue name, if known. */
  public static Optional<Class<? extends AuditEvent>> classFor(String name) {
    return Optional.ofNullable(name == null ? null : BY_NAME.get(name));
  }

  /** The catalogue name of an event class, if it is one. */
  public static Optional<String> nameOf(Class<?> type) {
    return Optional.ofNullable(BY_CLASS.get(type));
  }

  /** The catalogue name of an event. */
  public static String nameOf(AuditEvent event) {
    return nameOf(event.getClass())
        .orElseThrow(() -> new IllegalArgumentException("not in the catalogue: " + event));
  }

  /** All names, in catalogue order. */
  public static Set<String> names() {
    return BY_NAME.keySet();
  }
}
