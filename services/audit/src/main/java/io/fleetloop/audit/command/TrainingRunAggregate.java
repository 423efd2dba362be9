package io.fleetloop.audit.command;

import static io.fleetloop.audit.command.EventRejectedException.invalid;
import static io.fleetloop.audit.command.EventRejectedException.precondition;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.fleetloop.audit.api.StreamKind;
import io.fleetloop.audit.api.event.ConditionChanged;
import io.fleetloop.audit.api.event.ModelProduced;
import io.fleetloop.audit.api.event.ModelValidated;
import io.fleetloop.audit.api.event.ModelValidationFailed;
import io.fleetloop.audit.api.event.TrainingDatasetBound;
import io.fleetloop.audit.api.event.TrainingPhaseFinished;
import io.fleetloop.audit.api.event.TrainingPhaseStarted;
import io.fleetloop.audit.api.event.TrainingRunAdmitted;
import io.fleetloop.audit.api.event.TrainingRunFailed;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.CreationPolicy;

/**
 * A TrainingRun: admitted → dataset bound → phases started and finished in spec order (a failed
 * phase may start again) → model produced → validated or validation failed; failed at any point
 * before validation. A recreated run (new uid) starts over.
 */
public class TrainingRunAggregate extends ResourceAggregate {

  private String uid;
  private boolean admitted;
  private String datasetId;
  private List<String> phases = new ArrayList<>();
  private int phasesDone;
  private String runningPhase;
  private String modelVersion;
  private String validation;
  private boolean failed;

  public TrainingRunAggregate() {}

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  public Decision handle(RecordTrainingRunEvent cmd) {
    checkVersion(cmd.expectedVersion());
    Check.streamId(cmd.runId(), StreamKind.TRAININGRUN, "runId");
    Check.same(cmd.runId(), cmd.event().aggregateId(), "runId");
    var event = cmd.event();
    if (event instanceof ConditionChanged c) {
      return recordCondition(cmd.runId(), c);
    }
    if (event instanceof TrainingRunAdmitted a) {
      Check.notBlank(a.uid(), "uid");
      if (admitted && a.uid().equals(uid)) {
        throw precondition("already admitted");
      }
      if (admitted && !terminal()) {
        throw precondition("the previous incarnation " + uid + " has not finished");
      }
      Check.notBlank(a.model(), "model");
      if (a.phases().isEmpty()) {
        throw invalid("phases must not be empty");
      }
      Check.unique(a.phases(), "phases");
      if (a.datasetId() != null) {
        Check.streamId(a.datasetId(), StreamKind.DATASET, "datasetId");
      }
      apply(a);
      return Decision.APPENDED;
    }
    if (!admitted) {
      throw precondition("the run was not admitted");
    }
    if (event instanceof TrainingRunFailed f) {
      if (terminal()) {
        throw precondition("the run already ended (" + outcome() + ")");
      }
      Check.notBlank(f.reason(), "reason");
      apply(f);
      return Decision.APPENDED;
    }
    if (failed) {
      throw precondition("the run failed");
    }
    if (event instanceof TrainingDatasetBound b) {
      Check.streamId(b.datasetId(), StreamKind.DATASET, "datasetId");
      if (datasetId != null) {
        throw precondition("already bound to " + datasetId);
      }
      if (phasesDone > 0 || runningPhase != null) {
        throw precondition("training already started");
      }
      apply(b);
    } else if (event instanceof TrainingPhaseStarted s) {
      if (datasetId == null) {
        throw precondition("no dataset bound: a phase cannot start");
      }
      if (runningPhase != null) {
        throw precondition("phase " + runningPhase + " is still running");
      }
      if (phasesDone >= phases.size()) {
        throw precondition("all phases are done");
      }
      String expected = phases.get(phasesDone);
      if (!expected.equals(s.phase())) {
        throw precondition("out of order: the next phase is " + expected + ", not " + s.phase());
      }
      Check.notBlank(s.pool(), "pool");
      Check.notBlank(s.precision(), "precision");
      apply(s);
    } else if (event instanceof TrainingPhaseFinished f) {
      if (runningPhase == null || !runningPhase.equals(f.phase())) {
        throw precondition(
            "phase " + f.phase() + " is not running (running: " + runningPhase + ")");
      }
      Check.finite(f.metrics(), "metrics");
      apply(f);
    } else if (event instanceof ModelProduced m) {
      if (phasesDone < phases.size()) {
        throw precondition(
            "only " + phasesDone + " of " + phases.size() + " phases finished successfully");
      }
      if (modelVersion != null) {
        throw precondition("already produced " + modelVersion);
      }
      Check.notBlank(m.modelVersion(), "modelVersion");
      Check.notBlank(m.artifact(), "artifact");
      Check.digest(m.digest(), "digest");
      apply(m);
    } else if (event instanceof ModelValidated v) {
      checkValidation(v.modelVersion());
      Check.finite(v.metrics(), "metrics");
      Check.notBlank(v.rule(), "rule");
      apply(v);
    } else if (event instanceof ModelValidationFailed v) {
      checkValidation(v.modelVersion());
      Check.finite(v.metrics(), "metrics");
      Check.notBlank(v.rule(), "rule");
      apply(v);
    }
    return Decision.APPENDED;
  }

  private void checkValidation(String version) {
    if (modelVersion == null) {
      throw precondition("no model produced yet");
    }
    if (!modelVersion.equals(version)) {
      throw precondition("the run produced " + modelVersion + ", not " + version);
    }
    if (validation != null) {
      throw precondition("already " + validation);
    }
  }

  private boolean terminal() {
    return failed || validation != null;
  }

  private String outcome() {
    return failed ? "Failed" : validation;
  }

  @EventSourcingHandler
  void on(TrainingRunAdmitted e) {
    id = e.runId();
    uid = e.uid();
    admitted = true;
    datasetId = e.datasetId();
    phases = new ArrayList<>(e.phases());
    phasesDone = 0;
    runningPhase = null;
    modelVersion = null;
    validation = null;
    failed = false;
  }

  @EventSourcingHandler
  void on(TrainingDatasetBound e) {
    datasetId = e.datasetId();
  }

  @EventSourcingHandler
  void on(TrainingPhaseStarted e) {
    runningPhase = e.phase();
  }

  @EventSourcingHandler
  void on(TrainingPhaseFinished e) {
    runningPhase = null;
    if (e.succeeded()) {
      phasesDone++;
    }
  }

  @EventSourcingHandler
  void on(ModelProduced e) {
    modelVersion = e.modelVersion();
  }

  @EventSourcingHandler
  void on(ModelValidated e) {
    validation = "Validated";
  }

  @EventSourcingHandler
  void on(ModelValidationFailed e) {
    validation = "ValidationFailed";
  }

  @EventSourcingHandler
  void on(TrainingRunFailed e) {
    failed = true;
    runningPhase = null;
  }
}
