package io.fleetloop.operator.trainingrun;

import io.fleetloop.api.v1alpha1.TrainingPhase;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.audit.api.ResourceIds;
import io.fleetloop.audit.api.event.AuditEvent;
import io.fleetloop.audit.api.event.ModelProduced;
import io.fleetloop.audit.api.event.ModelValidated;
import io.fleetloop.audit.api.event.ModelValidationFailed;
import io.fleetloop.audit.api.event.TrainingDatasetBound;
import io.fleetloop.audit.api.event.TrainingPhaseFinished;
import io.fleetloop.audit.api.event.TrainingPhaseStarted;
import io.fleetloop.audit.api.event.TrainingRunAdmitted;
import io.fleetloop.audit.api.event.TrainingRunFailed;
import io.fleetloop.audit.client.AuditClient;
import io.fleetloop.audit.client.AuditRecorder;
import io.fleetloop.audit.client.GrpcAuditRecorder;
import io.fleetloop.audit.client.IdempotencyKeys;
import io.fleetloop.audit.client.Outcome;
import io.fleetloop.audit.client.Recorded;
import io.fleetloop.operator.OperatorSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TrainingRun facts recorded in the audit log (actor {@code operator/trainingrun}): admitted,
 * dataset bound, phase started and finished, model produced, model validated (or not), run failed.
 * Each fact's idempotency key is derived from the run's uid and what the fact is about, so a
 * reconcile repeated after a crash records nothing twice; a fact the log refuses (out of its
 * lifecycle) is logged, not thrown. An unreachable log throws {@link
 * io.fleetloop.audit.client.AuditException}: the reconciliation fails and is retried before any
 * status is written.
 */
public final class TrainingEvents implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TrainingEvents.class);

  private final AuditRecorder recorder;
  private final AutoCloseable owned;

  private TrainingEvents(AuditRecorder recorder, AutoCloseable owned) {
    this.recorder = recorder;
    this.owned = owned;
  }

  /** Records through {@code recorder} (owned by the caller). */
  public static TrainingEvents recordingTo(AuditRecorder recorder) {
    return new TrainingEvents(recorder, null);
  }

  /** The recorder of the operator's audit setting (its own client for an endpoint). */
  public static TrainingEvents of(OperatorSettings.Audit audit) {
    if (audit instanceof OperatorSettings.Audit.Recorder given) {
      return recordingTo(given.recorder());
    }
    if (audit instanceof OperatorSettings.Audit.Endpoint endpoint) {
      AuditClient client =
          AuditClient.connect(
              endpoint.target(),
              new AuditClient.Options(
                      Duration.ofSeconds(5), 4, Duration.ofMillis(100), Duration.ofSeconds(2), null)
                  .withAppendToken(endpoint.appendToken().orElse(null)));
      return new TrainingEvents(new GrpcAuditRecorder(client, "operator/trainingrun"), client);
    }
    return recordingTo(AuditRecorder.noop());
  }

  void admitted(TrainingRun run, String datasetId) {
    var spec = run.getSpec();
    record(
        run,
        new TrainingRunAdmitted(
            id(run),
            run.getMetadata().getUid(),
            Objects.requireNonNullElse(run.getMetadata().getGeneration(), 0L),
            spec.getModel().getName(),
            spec.getModel().getBaseVersion(),
            datasetId == null ? null : ResourceIds.dataset(datasetId),
            spec.getPhases().stream().map(TrainingPhase::getName).toList(),
            Objects.requireNonNullElse(spec.getPriority(), 0)),
        "admitted");
  }

  void datasetBound(TrainingRun run, String datasetId) {
    record(run, new TrainingDatasetBound(id(run), ResourceIds.dataset(datasetId)), "bound");
  }

  void phaseStarted(TrainingRun run, TrainingPhase phase) {
    record(
        run,
        new TrainingPhaseStarted(id(run), phase.getName(), phase.getPool(), phase.getPrecision()),
        "started",
        phase.getName());
  }

  void phaseFinished(
      TrainingRun run, String phase, boolean succeeded, Map<String, Double> metrics, String why) {
    record(
        run, new TrainingPhaseFinished(id(run), phase, succeeded, metrics, why), "finished", phase);
  }

  void modelProduced(TrainingRun run, String version, String artifact, String digest) {
    record(run, new ModelProduced(id(run), version, artifact, digest), "model", version);
  }

  void validated(
      TrainingRun run,
      String version,
      List<String> suites,
      Map<String, Double> metrics,
      String rule) {
    record(run, new ModelValidated(id(run), version, suites, metrics, rule), "validated", version);
  }

  void validationFailed(
      TrainingRun run,
      String version,
      List<String> suites,
      Map<String, Double> metrics,
      String rule,
      String reason) {
    record(
        run,
        new ModelValidationFailed(id(run), version, suites, metrics, rule, reason),
        "validated",
        version);
  }

  void failed(TrainingRun run, String phase, String reason) {
    record(run, new TrainingRunFailed(id(run), phase, reason), "failed");
  }

  private void record(TrainingRun run, AuditEvent event, String... about) {
    Object[] parts = new Object[about.length + 1];
    parts[0] = run.getMetadata().getUid();
    System.arraycopy(about, 0, parts, 1, about.length);
    String key = IdempotencyKeys.derive("trainingrun", parts);
    Recorded r = recorder.record(event, key);
    if (r.outcome() == Outcome.REJECTED) {
      log.warn(
          "audit log refused {} for {}: {}", event.getClass().getSimpleName(), id(run), r.detail());
    }
  }

  private static String id(TrainingRun run) {
    return ResourceIds.trainingRun(run.getMetadata().getNamespace(), run.getMetadata().getName());
  }

  /** Closes the audit client this made (never a recorder given to it). */
  @Override
  public void close() {
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        log.warn("closing the training audit client failed: {}", e.toString());
      }
    }
  }
}
