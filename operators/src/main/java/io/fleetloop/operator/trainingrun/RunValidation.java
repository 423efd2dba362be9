package io.fleetloop.operator.trainingrun;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fleetloop.api.common.Condition;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.ModelVersion;
import io.fleetloop.api.v1alpha1.PromotionSpec;
import io.fleetloop.api.v1alpha1.ReleaseModel;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.api.v1alpha1.TrainingRunReasons;
import io.fleetloop.api.v1alpha1.TrainingRunStatus;
import io.fleetloop.operator.common.Finding;
import io.fleetloop.operator.common.StatusUpdate;
import io.fleetloop.operator.trainingrun.TrainingJobs.JobState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows a registered model version: validation, then promotion. Runs on a run whose {@code
 * Succeeded} is True and that has {@code spec.validation} or {@code spec.promotion}.
 *
 * <ol>
 *   <li><b>Validation</b>: a Job of the reference validator ({@link ValidationJobs}), retried like
 *       a phase; {@code Validated=Unknown/Validating} while it runs. When it completes the operator
 *       reads {@code validation.json} next to the model: {@code Validated=True/GatesPassed} or
 *       {@code False/GatesFailed} with the measured numbers in the message, audit {@code
 *       ModelValidated} / {@code ModelValidationFailed}. A report about another digest, a missing
 *       report or a Job that keeps failing: {@code Validated=False/ValidatorFailed}.
 *   <li><b>Promotion</b> ({@code spec.promotion}): never for a model that did not pass. {@code
 *       Auto} writes the model into the FleetRelease's {@code spec.model}; {@code Manual} waits
 *       with {@code Promoted=False/AwaitingApproval} (the message gives the kubectl command) until
 *       the run is annotated {@code fleetloop.io/action=promote}. {@code Promoted=True} is final:
 *       the release is patched at most once per run (a patch repeated after a crash finds the model
 *       already there and changes nothing).
 * </ol>
 */
public final class RunValidation {

  private static final Logger log = LoggerFactory.getLogger(RunValidation.class);

  /** How long a promotion whose release is missing waits before it looks again. */
  static final Duration RELEASE_POLL = Duration.ofSeconds(30);

  /** The FleetReleases a promotion reads and writes. */
  public interface Releases {
    /** The release {@code name} in the run's namespace. */
    Optional<FleetRelease> get(String name);

    /** Sets {@code model} as the release's {@code spec.model}. */
    void setModel(String name, ReleaseModel model);

    /**
     * The run's {@code fleetloop.io/action} annotation as the API server has it now (the cache the
     * reconcile started from may not have seen the approval yet); empty when it has none.
     */
    default Optional<String> currentAction() {
      return Optional.empty();
    }
  }

  private final TrainingRun run;
  private final StatusUpdate<TrainingRunStatus> update;
  private final TrainingRunStatus status;
  private final List<Job> jobs;
  private final Releases releases;
  private final ArtifactStore store;
  private final TrainingEvents events;
  private final TrainingSettings settings;
  private final Clock clock;
  private final RunProgress.Actions actions = new RunProgress.Actions();
  private final String runId;

  RunValidation(
      TrainingRun run,
      StatusUpdate<TrainingRunStatus> update,
      List<Job> jobs,
      Releases releases,
      ArtifactStore store,
      TrainingEvents events,
      TrainingSettings settings,
      Clock clock) {
    this.run = run;
    this.update = update;
    this.status = update.status();
    this.jobs = jobs;
    this.releases = releases;
    this.store = store;
    this.events = events;
    this.settings = settings;
    this.clock = clock;
    this.runId = RunProgress.runId(run);
  }

  /** True when {@code run} has a registered model and asks for validation or promotion. */
  public static boolean applies(TrainingRun run, TrainingRunStatus status) {
    return status != null
        && status.getModelVersion() != null
        && is(status, TrainingRunStatus.SUCCEEDED, ConditionTypes.TRUE)
        && (run.getSpec().getValidation() != null || run.getSpec().getPromotion() != null);
  }

  private static boolean is(TrainingRunStatus status, String type, String value) {
    return status.condition(type).map(c -> value.equals(c.getStatus())).orElse(false);
  }

  /** Advances validation and promotion as far as they go now. */
  public RunProgress.Actions advance() {
    ModelVersion model = status.getModelVersion();
    if (!decided()) {
      validate(model);
    }
    if (run.getSpec().getPromotion() != null) {
      promote(model);
    }
    return actions;
  }

  private boolean decided() {
    return status
        .condition(TrainingRunStatus.VALIDATED)
        .map(c -> !ConditionTypes.UNKNOWN.equals(c.getStatus()))
        .orElse(false);
  }

  // ---- validation

  private void validate(ModelVersion model) {
    List<Job> attempts = ValidationJobs.of(jobs);
    Job latest = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
    JobState state = latest == null ? null : TrainingJobs.state(latest);
    if (state == JobState.SUCCEEDED) {
      readReport(model, latest);
      return;
    }
    if (state == JobState.ACTIVE) {
      validating("model %s is being validated by Job %s".formatted(model.getName(), name(latest)));
      return;
    }
    int next = latest == null ? 1 : TrainingJobs.attempt(latest) + 1;
    if (state == JobState.FAILED) {
      int failed =
          (int) attempts.stream().filter(j -> TrainingJobs.state(j) == JobState.FAILED).count();
      String why = TrainingJobs.failure(latest);
      if (failed > settings.maxRetries()) {
        notValidated(
            model,
            TrainingRunReasons.VALIDATOR_FAILED,
            "the validator failed after %d attempts: %s; model %s is not validated"
                .formatted(failed, why, model.getName()));
        return;
      }
      Instant failedAt =
          TrainingJobs.condition(latest, "Failed")
              .map(c -> c.getLastTransitionTime())
              .map(Instant::parse)
              .orElse(Instant.EPOCH);
      Duration wait =
          Duration.between(
              clock.instant(),
              failedAt.plus(settings.retryBackoff().multipliedBy(1L << Math.min(failed - 1, 16))));
      if (!wait.isNegative() && !wait.isZero()) {
        validating(
            "validation attempt %d failed (%s); attempt %d starts in %ds"
                .formatted(failed, why, next, Math.max(1, wait.toSeconds())));
        actions.after(wait);
        return;
      }
    }
    Job job = ValidationJobs.desired(run, model, next, settings);
    actions.create().add(job);
    log.info(
        "{}: validating model {} ({}) with Job {}",
        runId,
        model.getName(),
        model.getDigest(),
        name(job));
    validating("model %s is being validated by Job %s".formatted(model.getName(), name(job)));
  }

  private void readReport(ModelVersion model, Job job) {
    String uri = ValidationJobs.reportUri(model.getArtifact());
    Optional<byte[]> bytes = store.read(uri);
    if (bytes.isEmpty()) {
      notValidated(
          model,
          TrainingRunReasons.VALIDATOR_FAILED,
          "Job %s succeeded but wrote no %s; model %s is not validated"
              .formatted(name(job), uri, model.getName()));
      return;
    }
    ValidationOutcome outcome;
    try {
      outcome = ValidationOutcome.parse(bytes.get());
    } catch (IllegalArgumentException e) {
      notValidated(
          model,
          TrainingRunReasons.VALIDATOR_FAILED,
          "%s: %s; model %s is not validated".formatted(uri, e.getMessage(), model.getName()));
      return;
    }
    if (!model.getDigest().equals(outcome.digest())) {
      notValidated(
          model,
          TrainingRunReasons.VALIDATOR_FAILED,
          "%s is about a model with digest %s, not %s (%s); model %s is not validated"
              .formatted(
                  uri, outcome.digest(), model.getDigest(), model.getArtifact(), model.getName()));
      return;
    }
    if (outcome.passed()) {
      events.validated(
          run, model.getName(), outcome.suites(), outcome.metrics(), outcome.summary());
      log.info("{}: model {} passed validation: {}", runId, model.getName(), outcome.summary());
      update.set(
          Finding.satisfied(
              TrainingRunStatus.VALIDATED, TrainingRunReasons.GATES_PASSED, outcome.summary()));
    } else {
      String reasons = String.join("; ", outcome.reasons());
      events.validationFailed(
          run, model.getName(), outcome.suites(), outcome.metrics(), outcome.summary(), reasons);
      log.warn("{}: model {} failed validation: {}", runId, model.getName(), reasons);
      update.set(
          Finding.failed(
              TrainingRunStatus.VALIDATED,
              TrainingRunReasons.GATES_FAILED,
              "%s; failed: %s".formatted(outcome.summary(), reasons)));
    }
  }

  private void validating(String message) {
    update.set(
        new Finding(
            TrainingRunStatus.VALIDATED,
            ConditionTypes.UNKNOWN,
            TrainingRunReasons.VALIDATING,
            message,
            Finding.Severity.NORMAL));
  }

  private void notValidated(ModelVersion model, String reason, String message) {
    events.validationFailed(
        run, model.getName(), ValidationJobs.suites(run), java.util.Map.of(), reason, message);
    log.warn("{}: {}", runId, message);
    update.set(Finding.failed(TrainingRunStatus.VALIDATED, reason, message));
  }

  // ---- promotion

  private void promote(ModelVersion model) {
    if (is(status, TrainingRunStatus.PROMOTED, ConditionTypes.TRUE)) {
      return; // final: never patched again
    }
    PromotionSpec promotion = run.getSpec().getPromotion();
    String release = promotion.getRelease();
    Condition validated = status.condition(TrainingRunStatus.VALIDATED).orElse(null);
    if (validated == null || ConditionTypes.UNKNOWN.equals(validated.getStatus())) {
      update.set(
          Finding.pending(
              TrainingRunStatus.PROMOTED,
              TrainingRunReasons.AWAITING_VALIDATION,
              "model %s is promoted into FleetRelease %s once it passes validation"
                  .formatted(model.getName(), release)));
      return;
    }
    if (!ConditionTypes.TRUE.equals(validated.getStatus())) {
      update.set(
          Finding.failed(
              TrainingRunStatus.PROMOTED,
              TrainingRunReasons.NOT_VALIDATED,
              "model %s did not pass validation (%s) and is never promoted into FleetRelease %s"
                  .formatted(model.getName(), validated.getReason(), release)));
      return;
    }
    boolean manual = !PromotionSpec.POLICY_AUTO.equals(promotion.getPolicy());
    if (manual && !approved()) {
      update.set(
          Finding.pending(
              TrainingRunStatus.PROMOTED,
              TrainingRunReasons.AWAITING_APPROVAL,
              ("model %s passed validation; promotion into FleetRelease %s waits for approval:"
                      + " kubectl annotate trainingrun %s -n %s %s=%s")
                  .formatted(
                      model.getName(),
                      release,
                      run.getMetadata().getName(),
                      run.getMetadata().getNamespace(),
                      PromotionSpec.ACTION_ANNOTATION,
                      PromotionSpec.ACTION_PROMOTE)));
      return;
    }
    Optional<FleetRelease> target = releases.get(release);
    if (target.isEmpty() || target.get().getSpec() == null) {
      update.set(
          Finding.failed(
              TrainingRunStatus.PROMOTED,
              TrainingRunReasons.RELEASE_NOT_FOUND,
              "FleetRelease %s/%s does not exist; model %s is promoted when it does"
                  .formatted(run.getMetadata().getNamespace(), release, model.getName())));
      actions.after(RELEASE_POLL);
      return;
    }
    ReleaseModel current = target.get().getSpec().getModel();
    ReleaseModel wanted =
        new ReleaseModel()
            .withVersion(model.getName())
            .withArtifact(model.getArtifact())
            .withDigest(model.getDigest());
    String before = current == null ? "none" : current.getVersion();
    if (current == null
        || !Objects.equals(current.getVersion(), wanted.getVersion())
        || !Objects.equals(current.getDigest(), wanted.getDigest())
        || !Objects.equals(current.getArtifact(), wanted.getArtifact())) {
      releases.setModel(release, wanted);
      log.info(
          "{}: promoted model {} ({}) into FleetRelease {} (was {})",
          runId,
          model.getName(),
          model.getDigest(),
          release,
          before);
    }
    // the message does not depend on what the release held before: a reconcile that repeats the
    // promotion (stale cache, restart) finds the model there and writes the same condition
    update.set(
        Finding.satisfied(
            TrainingRunStatus.PROMOTED,
            TrainingRunReasons.PROMOTED,
            "model %s (%s) is the spec.model of FleetRelease %s%s"
                .formatted(
                    model.getName(),
                    model.getDigest(),
                    release,
                    manual
                        ? ", approved by the " + PromotionSpec.ACTION_ANNOTATION + " annotation"
                        : "")));
  }

  private boolean approved() {
    var annotations = run.getMetadata().getAnnotations();
    if (annotations != null
        && PromotionSpec.ACTION_PROMOTE.equals(annotations.get(PromotionSpec.ACTION_ANNOTATION))) {
      return true;
    }
    return releases.currentAction().map(PromotionSpec.ACTION_PROMOTE::equals).orElse(false);
  }

  private static String name(Job job) {
    return job.getMetadata().getName();
  }
}
