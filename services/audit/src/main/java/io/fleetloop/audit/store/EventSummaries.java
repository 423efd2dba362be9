package io.fleetloop.audit.store;

import io.fleetloop.audit.api.event.AuditEvent;
import io.fleetloop.audit.api.event.ClipsIngested;
import io.fleetloop.audit.api.event.ConditionChanged;
import io.fleetloop.audit.api.event.DatasetSnapshotCut;
import io.fleetloop.audit.api.event.Measurement;
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
import java.util.List;
import java.util.Locale;

/** One human line per event, for timelines. */
public final class EventSummaries {

  private EventSummaries() {}

  public static String summarize(AuditEvent event) {
    if (event instanceof TriggerDeployed e) {
      return "deployed generation " + e.generation() + ": " + e.condition();
    } else if (event instanceof TriggerChanged e) {
      return "changed to generation " + e.generation() + ": " + e.condition();
    } else if (event instanceof TriggerCanaried e) {
      return "generation "
          + e.generation()
          + " on "
          + e.percent()
          + "% ("
          + e.devices()
          + " devices)";
    } else if (event instanceof TriggerRetired e) {
      return "retired: " + e.reason();
    } else if (event instanceof DatasetSnapshotCut e) {
      return "snapshot cut: " + e.clipCount() + " clips, manifest " + e.manifestDigest();
    } else if (event instanceof TrainingRunAdmitted e) {
      return "admitted: "
          + e.model()
          + " phases "
          + e.phases()
          + (e.datasetId() == null ? "" : " on " + e.datasetId());
    } else if (event instanceof TrainingDatasetBound e) {
      return "dataset bound: " + e.datasetId();
    } else if (event instanceof TrainingPhaseStarted e) {
      return "phase " + e.phase() + " started on " + e.pool() + " (" + e.precision() + ")";
    } else if (event instanceof TrainingPhaseFinished e) {
      return "phase " + e.phase() + (e.succeeded() ? " succeeded " : " failed ") + e.metrics();
    } else if (event instanceof ModelProduced e) {
      return "produced " + e.modelVersion() + " (" + e.artifact() + ")";
    } else if (event instanceof ModelValidated e) {
      return "validated " + e.modelVersion() + ": " + e.rule();
    } else if (event instanceof ModelValidationFailed e) {
      return "validation of " + e.modelVersion() + " failed: " + e.rule() + " (" + e.reason() + ")";
    } else if (event instanceof TrainingRunFailed e) {
      return "failed" + (e.phase() == null ? "" : " in " + e.phase()) + ": " + e.reason();
    } else if (event instanceof ShadowStarted e) {
      return "shadow "
          + e.candidateVersion()
          + " beside "
          + e.stableVersion()
          + " on "
          + e.cohort().percent()
          + "%";
    } else if (event instanceof StageAdvanced e) {
      return e.candidateVersion()
          + " stage "
          + e.fromStage()
          + " -> "
          + e.toStage()
          + " ("
          + e.cohort().percent()
          + "%): "
          + e.rule()
          + measured(e.measured());
    } else if (event instanceof ReleasePaused e) {
      return "paused: " + e.reason();
    } else if (event instanceof ReleaseResumed e) {
      return "resumed: " + e.reason();
    } else if (event instanceof ReleasePromoted e) {
      return "promoted " + e.version() + ": " + e.rule();
    } else if (event instanceof ReleaseRolledBack e) {
      return "rolled back "
          + e.version()
          + " to "
          + e.restoredVersion()
          + " at stage "
          + e.stage()
          + ": "
          + (e.rule() == null ? "" : e.rule() + " ")
          + "("
          + e.reason()
          + ")"
          + measured(e.measured());
    } else if (event instanceof ReleaseFrozen e) {
      return "frozen "
          + e.version()
          + " at stage "
          + e.stage()
          + ": "
          + e.rule()
          + " ("
          + e.reason()
          + ")"
          + measured(e.measured());
    } else if (event instanceof ClipsIngested e) {
      return "ingested " + e.clips().size() + " clips (batch " + e.batchId() + ")";
    } else if (event instanceof ConditionChanged e) {
      return e.type()
          + "="
          + e.status()
          + " "
          + e.reason()
          + " (generation "
          + e.generation()
          + ")"
          + (e.message() == null || e.message().isEmpty() ? "" : ": " + e.message());
    }
    return event.getClass().getSimpleName();
  }

  private static String measured(List<Measurement> measured) {
    if (measured.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder(" [");
    for (int i = 0; i < measured.size(); i++) {
      Measurement m = measured.get(i);
      if (i > 0) {
        sb.append("; ");
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "%s: %.0f km, %d interventions, %.3f/1000km [%.3f, %.3f] vs %.3f %s",
              m.condition(),
              m.km(),
              m.interventions(),
              m.rate(),
              m.ciLow(),
              m.ciHigh(),
              m.baselineRate(),
              m.verdict()));
    }
    return sb.append(']').toString();
  }
}
