package io.fleetloop.operator.trainingrun;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.DatasetSource;
import io.fleetloop.api.v1alpha1.HardwarePool;
import io.fleetloop.api.v1alpha1.ModelVersion;
import io.fleetloop.api.v1alpha1.PhaseStatus;
import io.fleetloop.api.v1alpha1.TrainingPhase;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.api.v1alpha1.TrainingRunReasons;
import io.fleetloop.api.v1alpha1.TrainingRunStatus;
import io.fleetloop.audit.api.ResourceIds;
import io.fleetloop.operator.common.Finding;
import io.fleetloop.operator.common.StatusUpdate;
import io.fleetloop.operator.scheduling.Decision;
import io.fleetloop.operator.scheduling.PoolPolicy;
import io.fleetloop.operator.scheduling.PoolScheduler;
import io.fleetloop.operator.scheduling.Workload;
import io.fleetloop.operator.trainingrun.TrainingJobs.JobState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One step of a TrainingRun's state machine, computed from the run, its Jobs and the scheduler:
 * dataset → (per phase, in order) admission on the phase's pool → Job → result → next phase → model
 * version registered only when the artifact's bytes match the trainer's digest.
 *
 * <p>It writes the working status and returns what the cluster needs ({@link Actions}: Jobs to
 * create or delete) and when to look again; the reconciler applies the actions. Terminal states
 * (Succeeded or Failed True) are never left.
 */
public final class RunProgress {

  private static final Logger log = LoggerFactory.getLogger(RunProgress.class);

  /** How long a run that waits for samples or the curator waits before it asks again. */
  static final Duration DATASET_POLL = Duration.ofSeconds(30);

  /** What the reconciler must do on the cluster, and when to reconcile again. */
  public static final class Actions {
    final List<Job> create = new ArrayList<>();
    final List<Job> delete = new ArrayList<>();
    Duration rescheduleAfter;

    /** Jobs to create. */
    public List<Job> create() {
      return create;
    }

    /** Jobs to delete (preempted). */
    public List<Job> delete() {
      return delete;
    }

    /** When to reconcile again without an event, if at all. */
    public Optional<Duration> rescheduleAfter() {
      return Optional.ofNullable(rescheduleAfter);
    }

    void after(Duration d) {
      if (rescheduleAfter == null || d.compareTo(rescheduleAfter) < 0) {
        rescheduleAfter = d;
      }
    }
  }

  /** What a step reads from outside. */
  public interface Environment {
    Optional<HardwarePool> pool(String name);

    List<Job> jobs();

    /**
     * The artifact of model version {@code version} when a TrainingRun in the run's namespace
     * registered it ({@code status.modelVersion}); empty otherwise.
     */
    default Optional<String> registeredArtifact(String version) {
      return Optional.empty();
    }
  }

  private final TrainingRun run;
  private final StatusUpdate<TrainingRunStatus> update;
  private final TrainingRunStatus status;
  private final Environment env;
  private final PoolScheduler scheduler;
  private final Datasets datasets;
  private final ArtifactStore store;
  private final TrainingEvents events;
  private final TrainingSettings settings;
  private final Clock clock;
  private final Actions actions = new Actions();
  private final String runId;

  RunProgress(
      TrainingRun run,
      StatusUpdate<TrainingRunStatus> update,
      Environment env,
      PoolScheduler scheduler,
      Datasets datasets,
      ArtifactStore store,
      TrainingEvents events,
      TrainingSettings settings,
      Clock clock) {
    this.run = run;
    this.update = update;
    this.status = update.status();
    this.env = env;
    this.scheduler = scheduler;
    this.datasets = datasets;
    this.store = store;
    this.events = events;
    this.settings = settings;
    this.clock = clock;
    this.runId = runId(run);
  }

  /** {@code namespace/name}. */
  public static String runId(TrainingRun run) {
    return run.getMetadata().getNamespace() + "/" + run.getMetadata().getName();
  }

  /** True when the run succeeded or failed: nothing more happens to it. */
  public static boolean terminal(TrainingRunStatus status) {
    return status != null
        && (isTrue(status, TrainingRunStatus.SUCCEEDED)
            || isTrue(status, TrainingRunStatus.FAILED));
  }

  private static boolean isTrue(TrainingRunStatus status, String type) {
    return status.condition(type).map(c -> ConditionTypes.TRUE.equals(c.getStatus())).orElse(false);
  }

  /** The workloads whose Jobs run now, per the run's status (to seed the scheduler). */
  public static List<Workload> running(TrainingRun run) {
    if (run.getStatus() == null
        || run.getStatus().getPhases() == null
        || terminal(run.getStatus())) {
      return List.of();
    }
    List<Workload> running = new ArrayList<>();
    for (PhaseStatus p : run.getStatus().getPhases()) {
      if (PhaseStatus.STATE_RUNNING.equals(p.getState())) {
        phaseSpec(run, p.getName()).ifPresent(spec -> running.add(workload(run, spec)));
      }
    }
    return running;
  }

  /** The workload of {@code phase} of {@code run}. */
  public static Workload workload(TrainingRun run, TrainingPhase phase) {
    String created = run.getMetadata().getCreationTimestamp();
    return new Workload(
        runId(run),
        phase.getName(),
        phase.getPool(),
        Objects.requireNonNullElse(phase.getParallelism(), 1),
        Objects.requireNonNullElse(run.getSpec().getPriority(), 0),
        created == null ? Instant.EPOCH : Instant.parse(created));
  }

  private static Optional<TrainingPhase> phaseSpec(TrainingRun run, String name) {
    return run.getSpec().getPhases().stream().filter(p -> p.getName().equals(name)).findFirst();
  }

  /** Advances the run as far as it can go now. */
  public Actions advance() {
    initPhases();
    if (!bindDataset()) {
      update.set(
          Finding.pending(
              TrainingRunStatus.RUNNING,
              TrainingRunReasons.NOT_RUNNING,
              "waiting for the dataset (see Admitted)"));
      inProgress();
      return actions;
    }
    String base = baseArtifact();
    for (int i = 0; i < run.getSpec().getPhases().size(); i++) {
      TrainingPhase phase = run.getSpec().getPhases().get(i);
      PhaseStatus ps = status.getPhases().get(i);
      if (PhaseStatus.STATE_SUCCEEDED.equals(ps.getState())) {
        base = outputOf(phase.getName()) + "/model.flm";
        continue;
      }
      if (!runPhase(phase, ps, base)) {
        return actions;
      }
      base = outputOf(phase.getName()) + "/model.flm";
    }
    registerModel();
    return actions;
  }

  private void initPhases() {
    List<PhaseStatus> before =
        Objects.requireNonNullElse(status.getPhases(), List.<PhaseStatus>of());
    List<PhaseStatus> phases = new ArrayList<>();
    for (TrainingPhase p : run.getSpec().getPhases()) {
      PhaseStatus ps =
          before.stream()
              .filter(b -> p.getName().equals(b.getName()))
              .findFirst()
              .orElseGet(
                  () ->
                      new PhaseStatus().withName(p.getName()).withState(PhaseStatus.STATE_PENDING));
      ps.setPool(p.getPool());
      phases.add(ps);
    }
    status.setPhases(phases);
  }

  /**
   * Where the first phase warm-starts from: the artifact a TrainingRun registered as {@code
   * model.baseVersion} (a loop generation starting from the previous one), else {@code
   * s3://<bucket>/models/<baseVersion>/model.flm} (a model published outside any run); none without
   * a base version.
   */
  private String baseArtifact() {
    String version = run.getSpec().getModel().getBaseVersion();
    if (version == null) {
      return null;
    }
    return env.registeredArtifact(version)
        .orElseGet(() -> "s3://%s/models/%s/model.flm".formatted(settings.bucket(), version));
  }

  // ---- dataset

  private boolean bindDataset() {
    if (status.getDatasetSnapshot() != null) {
      return true;
    }
    // admitted to the queues first, the dataset bound as its own fact (also for a given snapshot)
    events.admitted(run, null);
    DatasetSource source = run.getSpec().getDataset();
    if (source.getSnapshot() != null) {
      bind(source.getSnapshot());
      return true;
    }
    List<String> triggers = source.getTriggers();
    // the curator knows clips by the trigger id devices put in their headers:
    // datatrigger/<namespace>/<name>, the same form as the audit log's stream ids
    String namespace = run.getMetadata().getNamespace();
    List<String> triggerIds =
        triggers.stream().map(t -> ResourceIds.dataTrigger(namespace, t)).toList();
    long min = Objects.requireNonNullElse(source.getMinNewSamples(), 1).longValue();
    try {
      long pending = datasets.pendingSamples(triggerIds);
      if (pending < Math.max(1, min)) {
        NumberFormat n = NumberFormat.getIntegerInstance(Locale.ROOT);
        n.setGroupingUsed(true);
        waitForDataset(
            TrainingRunReasons.WAITING_FOR_SAMPLES,
            "%s of %s new samples from DataTriggers %s"
                .formatted(n.format(pending), n.format(min), String.join(", ", triggers)));
        return false;
      }
      Datasets.Snapshot snapshot =
          datasets.cutSnapshot(
              triggerIds, "trainingrun/" + runId, Math.max(1, min), run.getMetadata().getUid());
      log.info("cut dataset snapshot {} ({} clips) for {}", snapshot.id(), snapshot.clips(), runId);
      bind(snapshot.id());
      return true;
    } catch (Datasets.EmptyDatasetException e) {
      waitForDataset(TrainingRunReasons.EMPTY_DATASET, e.getMessage());
      return false;
    } catch (Datasets.UnavailableException e) {
      waitForDataset(TrainingRunReasons.CURATOR_UNAVAILABLE, e.getMessage());
      return false;
    }
  }

  private void waitForDataset(String reason, String message) {
    update.set(Finding.pending(TrainingRunStatus.ADMITTED, reason, message));
    actions.after(DATASET_POLL);
  }

  private void bind(String snapshot) {
    status.setDatasetSnapshot(snapshot);
    events.datasetBound(run, snapshot);
  }

  private String manifestUri(String id) {
    Optional<String> known = Optional.empty();
    try {
      known = datasets.manifestUri(id);
    } catch (Datasets.UnavailableException e) {
      log.warn("{}: {}; using the bucket layout for {}", runId, e.getMessage(), id);
    }
    String hex = id.startsWith("sha256:") ? id.substring("sha256:".length()) : id;
    return known.orElse("s3://%s/datasets/%s/manifest.json".formatted(settings.bucket(), hex));
  }

  private String outputOf(String phase) {
    return TrainingJobs.outputPrefix(settings.bucket(), run, phase);
  }

  // ---- phases

  /** Drives one phase; true when it succeeded and the next one may start. */
  private boolean runPhase(TrainingPhase phase, PhaseStatus ps, String base) {
    HardwarePool pool = env.pool(phase.getPool()).orElse(null);
    if (pool == null || pool.getSpec() == null) {
      update.set(
          Finding.pending(
              TrainingRunStatus.ADMITTED,
              TrainingRunReasons.NOT_READY,
              "HardwarePool '%s' of phase %s not found"
                  .formatted(phase.getPool(), phase.getName())));
      return false;
    }
    Workload workload = workload(run, phase);
    List<Job> jobs = TrainingJobs.ofPhase(env.jobs(), phase.getName());
    Job latest = jobs.isEmpty() ? null : jobs.get(jobs.size() - 1);
    JobState latestState = latest == null ? null : TrainingJobs.state(latest);

    if (latestState == JobState.SUCCEEDED) {
      return phaseSucceeded(phase, ps, workload, latest);
    }
    Decision decision = scheduler.request(workload, PoolPolicy.of(pool.getSpec()));
    if (decision instanceof Decision.Queued queued) {
      if (latestState == JobState.ACTIVE) {
        log.info("{}: phase {} preempted; deleting Job {}", runId, phase.getName(), name(latest));
        actions.delete.add(latest);
      }
      ps.setState(PhaseStatus.STATE_PENDING);
      update.set(
          Finding.pending(
              TrainingRunStatus.ADMITTED,
              queued.preemptedBy() == null
                  ? TrainingRunReasons.QUEUED
                  : TrainingRunReasons.PREEMPTED,
              queued.message()));
      update.set(
          Finding.pending(
              TrainingRunStatus.RUNNING,
              TrainingRunReasons.NOT_RUNNING,
              "phase %s waits for pool %s".formatted(phase.getName(), phase.getPool())));
      inProgress();
      return false;
    }
    Decision.Admitted admitted = (Decision.Admitted) decision;
    update.set(
        Finding.satisfied(
            TrainingRunStatus.ADMITTED,
            TrainingRunReasons.ADMITTED,
            admitted.message(phase.getName())));
    inProgress();

    if (latestState == JobState.ACTIVE) {
      running(phase, ps, latest);
      return false;
    }
    int failed = (int) jobs.stream().filter(j -> TrainingJobs.state(j) == JobState.FAILED).count();
    int nextAttempt = latest == null ? 1 : TrainingJobs.attempt(latest) + 1;
    if (latestState == JobState.FAILED) {
      String why = TrainingJobs.failure(latest);
      if (failed > settings.maxRetries()) {
        failRun(
            phase,
            ps,
            TrainingRunReasons.PHASE_FAILED,
            "phase %s failed after %d attempts: %s".formatted(phase.getName(), failed, why));
        return false;
      }
      Instant failedAt = failedAt(latest);
      Duration backoff = settings.retryBackoff().multipliedBy(1L << Math.min(failed - 1, 16));
      Duration wait = Duration.between(clock.instant(), failedAt.plus(backoff));
      if (!wait.isNegative() && !wait.isZero()) {
        ps.setState(PhaseStatus.STATE_RUNNING);
        update.set(
            Finding.pending(
                TrainingRunStatus.RUNNING,
                TrainingRunReasons.RETRY_BACKOFF,
                "phase %s attempt %d of %d failed (%s); attempt %d starts in %ds"
                    .formatted(
                        phase.getName(),
                        failed,
                        settings.maxRetries() + 1,
                        why,
                        nextAttempt,
                        Math.max(1, wait.toSeconds()))));
        actions.after(wait);
        return false;
      }
    }
    String dataset = status.getDatasetSnapshot();
    Job job =
        TrainingJobs.desired(
            run,
            phase,
            pool.getSpec(),
            nextAttempt,
            new TrainingJobs.PhaseInputs(
                manifestUri(dataset), dataset, outputOf(phase.getName()), base),
            settings);
    actions.create.add(job);
    if (nextAttempt == 1 || ps.getStartTime() == null) {
      events.phaseStarted(run, phase);
    }
    log.info(
        "{}: phase {} attempt {} on pool {}: creating Job {}",
        runId,
        phase.getName(),
        nextAttempt,
        phase.getPool(),
        name(job));
    running(phase, ps, job);
    return false;
  }

  private void running(TrainingPhase phase, PhaseStatus ps, Job job) {
    ps.setState(PhaseStatus.STATE_RUNNING);
    if (ps.getStartTime() == null) {
      ps.setStartTime(
          job.getStatus() != null && job.getStatus().getStartTime() != null
              ? job.getStatus().getStartTime()
              : clock.instant().toString());
    }
    update.set(
        Finding.satisfied(
            TrainingRunStatus.RUNNING,
            TrainingRunReasons.PHASE_RUNNING,
            "phase %s attempt %d runs on pool %s as Job %s"
                .formatted(
                    phase.getName(), TrainingJobs.attempt(job), phase.getPool(), name(job))));
  }

  private boolean phaseSucceeded(TrainingPhase phase, PhaseStatus ps, Workload workload, Job job) {
    scheduler.release(workload.key());
    Map<String, Double> metrics = Map.of();
    if (store.configured()) {
      String uri = outputOf(phase.getName()) + "/metrics.json";
      Optional<byte[]> json = store.read(uri);
      if (json.isEmpty()) {
        failRun(
            phase,
            ps,
            TrainingRunReasons.REPORT_MISSING,
            "phase %s: Job %s succeeded but wrote no %s"
                .formatted(phase.getName(), name(job), uri));
        return false;
      }
      try {
        metrics = PhaseReport.parse(json.get()).metrics();
      } catch (IllegalArgumentException e) {
        failRun(
            phase,
            ps,
            TrainingRunReasons.REPORT_MISSING,
            "phase %s: %s: %s".formatted(phase.getName(), uri, e.getMessage()));
        return false;
      }
    }
    ps.setState(PhaseStatus.STATE_SUCCEEDED);
    ps.setMetrics(metrics.isEmpty() ? null : metrics);
    ps.setCompletionTime(
        job.getStatus() != null && job.getStatus().getCompletionTime() != null
            ? job.getStatus().getCompletionTime()
            : clock.instant().toString());
    events.phaseFinished(run, phase.getName(), true, metrics, "Job " + name(job) + " succeeded");
    log.info(
        "{}: phase {} succeeded (Job {}), metrics {}", runId, phase.getName(), name(job), metrics);
    return true;
  }

  private void failRun(TrainingPhase phase, PhaseStatus ps, String reason, String message) {
    scheduler.releaseRun(runId);
    if (ps != null) {
      ps.setState(PhaseStatus.STATE_FAILED);
      ps.setCompletionTime(clock.instant().toString());
      events.phaseFinished(run, phase.getName(), false, Map.of(), message);
    }
    events.failed(run, phase == null ? null : phase.getName(), reason + ": " + message);
    log.warn("{}: failed: {}", runId, message);
    update.set(
        new Finding(
            TrainingRunStatus.FAILED,
            ConditionTypes.TRUE,
            reason,
            message,
            Finding.Severity.WARNING));
    update.set(Finding.failed(TrainingRunStatus.SUCCEEDED, reason, message));
    finished();
  }

  private void finished() {
    update.set(
        Finding.pending(
            TrainingRunStatus.ADMITTED,
            TrainingRunReasons.FINISHED,
            "the run finished and holds no capacity"));
    update.set(
        Finding.pending(
            TrainingRunStatus.RUNNING, TrainingRunReasons.FINISHED, "the run finished"));
  }

  private void inProgress() {
    update.set(
        Finding.pending(
            TrainingRunStatus.SUCCEEDED,
            TrainingRunReasons.IN_PROGRESS,
            "%d of %d phases succeeded"
                .formatted(
                    status.getPhases().stream()
                        .filter(p -> PhaseStatus.STATE_SUCCEEDED.equals(p.getState()))
                        .count(),
                    status.getPhases().size())));
    update.set(
        Finding.pending(TrainingRunStatus.FAILED, TrainingRunReasons.NO_FAILURE, "nothing failed"));
  }

  // ---- model version

  private void registerModel() {
    List<TrainingPhase> phases = run.getSpec().getPhases();
    TrainingPhase last = phases.get(phases.size() - 1);
    if (!store.configured()) {
      update.set(
          Finding.pending(
              TrainingRunStatus.SUCCEEDED,
              TrainingRunReasons.ARTIFACT_NOT_VERIFIED,
              "every phase succeeded, but no object store is configured"
                  + " (FLEETLOOP_S3_ENDPOINT): the artifact cannot be verified and no model"
                  + " version is registered"));
      finished();
      return;
    }
    String metricsUri = outputOf(last.getName()) + "/metrics.json";
    PhaseReport report;
    try {
      report =
          PhaseReport.parse(
              store
                  .read(metricsUri)
                  .orElseThrow(() -> new IllegalArgumentException(metricsUri + " does not exist")));
    } catch (IllegalArgumentException e) {
      failRun(null, null, TrainingRunReasons.REPORT_MISSING, e.getMessage());
      return;
    }
    String artifact =
        report.artifact() != null ? report.artifact() : outputOf(last.getName()) + "/model.flm";
    if (report.modelDigest() == null) {
      failRun(
          null,
          null,
          TrainingRunReasons.REPORT_MISSING,
          metricsUri + " has no modelDigest: the model version is not registered");
      return;
    }
    Optional<byte[]> bytes = store.read(artifact);
    if (bytes.isEmpty()) {
      failRun(
          null,
          null,
          TrainingRunReasons.REPORT_MISSING,
          "the model artifact %s does not exist: the model version is not registered"
              .formatted(artifact));
      return;
    }
    String actual = "sha256:" + sha256(bytes.get());
    if (!actual.equals(report.modelDigest())) {
      failRun(
          null,
          null,
          TrainingRunReasons.ARTIFACT_DIGEST_MISMATCH,
          ("the model artifact %s has digest %s but the trainer reported %s: the artifact is"
                  + " corrupted or was replaced, the model version is not registered")
              .formatted(artifact, actual, report.modelDigest()));
      return;
    }
    String version = run.getMetadata().getName();
    status.setModelVersion(
        new ModelVersion().withName(version).withArtifact(artifact).withDigest(actual));
    events.modelProduced(run, version, artifact, actual);
    scheduler.releaseRun(runId);
    log.info("{}: model version {} registered: {} {}", runId, version, artifact, actual);
    update.set(
        Finding.satisfied(
            TrainingRunStatus.SUCCEEDED,
            TrainingRunReasons.MODEL_REGISTERED,
            "model version %s registered: %s (%s verified)".formatted(version, artifact, actual)));
    update.set(
        Finding.pending(TrainingRunStatus.FAILED, TrainingRunReasons.NO_FAILURE, "nothing failed"));
    finished();
  }

  private static Instant failedAt(Job job) {
    return TrainingJobs.condition(job, "Failed")
        .map(c -> c.getLastTransitionTime())
        .or(() -> Optional.ofNullable(job.getStatus().getCompletionTime()))
        .map(Instant::parse)
        .orElse(Instant.EPOCH);
  }

  private static String name(Job job) {
    return job.getMetadata().getName();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(String s) {
    return sha256(s.getBytes(StandardCharsets.UTF_8));
  }
}
