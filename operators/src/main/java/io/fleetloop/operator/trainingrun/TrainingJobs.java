package io.fleetloop.operator.trainingrun;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fleetloop.api.v1alpha1.ChipArithmetic;
import io.fleetloop.api.v1alpha1.HardwarePoolSpec;
import io.fleetloop.api.v1alpha1.TrainerSpec;
import io.fleetloop.api.v1alpha1.TrainingPhase;
import io.fleetloop.api.v1alpha1.TrainingRun;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The batch/v1 Jobs of a TrainingRun's phases: what one looks like (pure, from the run, the phase,
 * its pool and the attempt) and what the existing ones say.
 *
 * <p>One Job per phase attempt, named {@code <run>-<phase>-<attempt>}: {@code parallelism} pods
 * that each request one unit of the pool's {@code resourceName}, pinned to the pool's nodes
 * (nodeSelector, tolerations), with the trainer's arguments of contract C. The Job's own {@code
 * backoffLimit} is 0: the operator retries a failed attempt with a new Job, so every attempt stays
 * visible.
 */
public final class TrainingJobs {

  /** Label: the run ({@code name}) a Job belongs to. */
  public static final String RUN_LABEL = "fleetloop.io/training-run";

  /** Label: the phase. */
  public static final String PHASE_LABEL = "fleetloop.io/phase";

  /** Label: the HardwarePool. */
  public static final String POOL_LABEL = "fleetloop.io/pool";

  /** Label: the attempt (1, 2, ...). */
  public static final String ATTEMPT_LABEL = "fleetloop.io/attempt";

  /** Label every training Job carries; the operator (and the local node agent) watch by it. */
  public static final String COMPONENT_LABEL = "app.kubernetes.io/component";

  /** Value of {@link #COMPONENT_LABEL}. */
  public static final String COMPONENT = "fleetloop-training";

  /** The container's name. */
  public static final String CONTAINER = "trainer";

  private TrainingJobs() {}

  /**
   * Where a phase's trainer works.
   *
   * @param datasetUri the snapshot's {@code manifest.json}
   * @param datasetId the snapshot id
   * @param outputPrefix the phase's output prefix ({@code model.flm}, {@code metrics.json})
   * @param baseArtifact the model the phase starts from (the previous phase's), or null
   */
  public record PhaseInputs(
      String datasetUri, String datasetId, String outputPrefix, String baseArtifact) {}

  /** The phase's output prefix: {@code s3://<bucket>/training/<ns>/<run>/<uid>/<phase>}. */
  public static String outputPrefix(String bucket, TrainingRun run, String phase) {
    return "s3://%s/training/%s/%s/%s/%s"
        .formatted(
            bucket,
            run.getMetadata().getNamespace(),
            run.getMetadata().getName(),
            Objects.requireNonNullElse(run.getMetadata().getUid(), "no-uid"),
            phase);
  }

  /** The Job name of {@code attempt} of {@code phase} (at most 63 characters). */
  public static String jobName(String run, String phase, int attempt) {
    String suffix = "-" + attempt;
    String base = run + "-" + phase;
    if (base.length() + suffix.length() > 63) {
      base = base.substring(0, 63 - suffix.length()).replaceAll("-+$", "");
    }
    return base + suffix;
  }

  /** The Job of {@code attempt} of {@code phase}. */
  public static Job desired(
      TrainingRun run,
      TrainingPhase phase,
      HardwarePoolSpec pool,
      int attempt,
      PhaseInputs inputs,
      TrainingSettings settings) {
    String runName = run.getMetadata().getName();
    int parallelism = Objects.requireNonNullElse(phase.getParallelism(), 1);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(COMPONENT_LABEL, COMPONENT);
    labels.put(RUN_LABEL, runName);
    labels.put(PHASE_LABEL, phase.getName());
    labels.put(POOL_LABEL, phase.getPool());
    labels.put(ATTEMPT_LABEL, Integer.toString(attempt));
    TrainerSpec trainer = run.getSpec().getTrainer();
    String image = trainer == null ? settings.trainerImage() : trainer.getImage();
    List<String> command =
        trainer == null || trainer.getCommand() == null ? null : trainer.getCommand();
    String resource = pool.getAccelerator().getResourceName();
    return new JobBuilder()
        .withNewMetadata()
        .withName(jobName(runName, phase.getName(), attempt))
        .withNamespace(run.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion(run.getApiVersion())
                .withKind(run.getKind())
                .withName(runName)
                .withUid(run.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build())
        .endMetadata()
        .withNewSpec()
        .withParallelism(parallelism)
        .withCompletions(parallelism)
        .withBackoffLimit(0)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withNodeSelector(pool.getNodeSelector())
        .withTolerations(pool.getTolerations())
        .withContainers(
            new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(image)
                .withCommand(command)
                .withArgs(args(phase, pool, inputs))
                .withEnv(env(phase, inputs, settings))
                .withNewResources()
                .withLimits(Map.of(resource, new Quantity("1")))
                .withRequests(Map.of(resource, new Quantity("1")))
                .endResources()
                .build())
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The trainer's arguments (contract C). */
  static List<String> args(TrainingPhase phase, HardwarePoolSpec pool, PhaseInputs inputs) {
    List<String> args = new ArrayList<>();
    add(args, "--phase", phase.getName());
    add(args, "--precision", phase.getPrecision());
    add(args, "--epochs", String.valueOf(phase.getEpochs()));
    add(args, "--dataset", inputs.datasetUri());
    add(args, "--dataset-id", inputs.datasetId());
    if (inputs.baseArtifact() != null) {
      add(args, "--base", inputs.baseArtifact());
    }
    add(args, "--output", inputs.outputPrefix());
    ChipArithmetic arithmetic = pool.getAccelerator().getArithmetic();
    if (TrainingPhase.PRECISION_CHIP.equals(phase.getPrecision()) && arithmetic != null) {
      add(args, "--rounding", arithmetic.getRounding());
      add(args, "--saturate", String.valueOf(!Boolean.FALSE.equals(arithmetic.getSaturate())));
    }
    return args;
  }

  private static void add(List<String> args, String flag, String value) {
    args.add(flag);
    args.add(value);
  }

  private static List<EnvVar> env(
      TrainingPhase phase, PhaseInputs inputs, TrainingSettings settings) {
    List<EnvVar> env = new ArrayList<>();
    settings
        .s3()
        .ifPresent(s3 -> env.add(new EnvVar("FLEETLOOP_S3_ENDPOINT", s3.endpoint(), null)));
    env.add(secret("FLEETLOOP_S3_ACCESS_KEY", settings.s3Secret(), "accessKey"));
    env.add(secret("FLEETLOOP_S3_SECRET_KEY", settings.s3Secret(), "secretKey"));
    // for trainers that replace the entry point (spec.trainer.command)
    env.add(new EnvVar("FLEETLOOP_PHASE", phase.getName(), null));
    env.add(new EnvVar("FLEETLOOP_PRECISION", phase.getPrecision(), null));
    env.add(new EnvVar("FLEETLOOP_EPOCHS", String.valueOf(phase.getEpochs()), null));
    env.add(new EnvVar("FLEETLOOP_DATASET", inputs.datasetUri(), null));
    env.add(new EnvVar("FLEETLOOP_DATASET_ID", inputs.datasetId(), null));
    env.add(new EnvVar("FLEETLOOP_OUTPUT", inputs.outputPrefix(), null));
    if (inputs.baseArtifact() != null) {
      env.add(new EnvVar("FLEETLOOP_BASE", inputs.baseArtifact(), null));
    }
    return env;
  }

  private static EnvVar secret(String name, String secret, String key) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef(key, secret, false)
        .endValueFrom()
        .build();
  }

  /** What the Jobs of one phase say. */
  public enum JobState {
    ACTIVE,
    SUCCEEDED,
    FAILED
  }

  /** A Job's state: Complete or Failed by its conditions, else active. */
  public static JobState state(Job job) {
    if (condition(job, "Complete").isPresent()) {
      return JobState.SUCCEEDED;
    }
    if (condition(job, "Failed").isPresent()) {
      return JobState.FAILED;
    }
    return JobState.ACTIVE;
  }

  /** The Job's {@code True} condition of {@code type}. */
  public static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  /** The attempt number of a Job (its label), 0 when absent. */
  public static int attempt(Job job) {
    Map<String, String> labels = job.getMetadata().getLabels();
    try {
      return labels == null ? 0 : Integer.parseInt(labels.getOrDefault(ATTEMPT_LABEL, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The Jobs of {@code phase} among {@code jobs}, by attempt. */
  public static List<Job> ofPhase(List<Job> jobs, String phase) {
    return jobs.stream()
        .filter(j -> j.getMetadata().getLabels() != null)
        .filter(j -> phase.equals(j.getMetadata().getLabels().get(PHASE_LABEL)))
        .filter(j -> j.getMetadata().getDeletionTimestamp() == null)
        .sorted(Comparator.comparingInt(TrainingJobs::attempt))
        .toList();
  }

  /** Why a Job failed, from its Failed condition. */
  public static String failure(Job job) {
    return condition(job, "Failed")
        .map(
            c ->
                Objects.requireNonNullElse(c.getReason(), "Failed")
                    + (c.getMessage() == null ? "" : ": " + c.getMessage()))
        .orElse("failed");
  }
}
