package io.fleetloop.operator.trainingrun;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fleetloop.api.v1alpha1.ModelVersion;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.api.v1alpha1.ValidationGates;
import io.fleetloop.api.v1alpha1.ValidationSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The batch/v1 Job that validates a run's registered model with the reference validator ({@code
 * io.fleetloop.validator.ValidatorMain}): one Job per attempt, {@code <run>-validate-<attempt>},
 * one pod, no accelerator (the validator evaluates a small MLP and the emulated chip on CPU), so it
 * is not admitted on a HardwarePool and never waits behind training phases. It carries the training
 * Jobs' component label, so the operator's Job informer and the local node agent see it, and the
 * label {@value #STEP_LABEL}={@value #STEP}, not a phase label, so it is never taken for a phase.
 */
public final class ValidationJobs {

  /** Label that marks the validation Job among a run's Jobs. */
  public static final String STEP_LABEL = "fleetloop.io/step";

  /** Value of {@link #STEP_LABEL}. */
  public static final String STEP = "validate";

  /** The container's name. */
  public static final String CONTAINER = "validator";

  /** The report's object name, next to the model. */
  public static final String REPORT_FILE = "validation.json";

  /** The suites run when {@code spec.validation.suites} is not given. */
  public static final List<String> DEFAULT_SUITES = List.of("heldout", "tail");

  private ValidationJobs() {}

  /** Where the validator writes its report for {@code artifact}: next to it. */
  public static String reportUri(String artifact) {
    int slash = artifact.lastIndexOf('/');
    return artifact.substring(0, slash + 1) + REPORT_FILE;
  }

  /** The suites of {@code run}'s validation. */
  public static List<String> suites(TrainingRun run) {
    ValidationSpec v = run.getSpec().getValidation();
    return v == null || v.getSuites() == null || v.getSuites().isEmpty()
        ? DEFAULT_SUITES
        : v.getSuites();
  }

  /** The Job of {@code attempt} validating {@code model}. */
  public static Job desired(
      TrainingRun run, ModelVersion model, int attempt, TrainingSettings settings) {
    String runName = run.getMetadata().getName();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(TrainingJobs.COMPONENT_LABEL, TrainingJobs.COMPONENT);
    labels.put(TrainingJobs.RUN_LABEL, runName);
    labels.put(STEP_LABEL, STEP);
    labels.put(TrainingJobs.ATTEMPT_LABEL, Integer.toString(attempt));
    return new JobBuilder()
        .withNewMetadata()
        .withName(TrainingJobs.jobName(runName, STEP, attempt))
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
        .withParallelism(1)
        .withCompletions(1)
        .withBackoffLimit(0)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withContainers(
            new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(settings.validatorImage())
                .withArgs(args(run, model))
                .withEnv(env(settings))
                .withNewResources()
                .withRequests(Map.of("cpu", new Quantity("1"), "memory", new Quantity("1Gi")))
                .withLimits(Map.of("memory", new Quantity("2Gi")))
                .endResources()
                .build())
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The validator's arguments. */
  static List<String> args(TrainingRun run, ModelVersion model) {
    List<String> args = new ArrayList<>();
    add(args, "--model", model.getArtifact());
    add(args, "--digest", model.getDigest());
    add(args, "--output", reportUri(model.getArtifact()));
    add(args, "--suites", String.join(",", suites(run)));
    ValidationSpec v = run.getSpec().getValidation();
    ValidationGates gates = v == null ? null : v.getGates();
    if (gates != null && gates.getMinAccuracy() != null) {
      add(args, "--min-accuracy", Double.toString(gates.getMinAccuracy()));
    }
    if (gates != null && gates.getMaxChipDisagreement() != null) {
      add(args, "--max-chip-disagreement", Double.toString(gates.getMaxChipDisagreement()));
    }
    return args;
  }

  private static void add(List<String> args, String flag, String value) {
    args.add(flag);
    args.add(value);
  }

  private static List<EnvVar> env(TrainingSettings settings) {
    List<EnvVar> env = new ArrayList<>();
    settings
        .s3()
        .ifPresent(s3 -> env.add(new EnvVar("FLEETLOOP_S3_ENDPOINT", s3.endpoint(), null)));
    env.add(secret("FLEETLOOP_S3_ACCESS_KEY", settings.s3Secret(), "accessKey"));
    env.add(secret("FLEETLOOP_S3_SECRET_KEY", settings.s3Secret(), "secretKey"));
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

  /** The validation Jobs among {@code jobs}, by attempt (not those being deleted). */
  public static List<Job> of(List<Job> jobs) {
    return jobs.stream()
        .filter(j -> j.getMetadata().getLabels() != null)
        .filter(j -> STEP.equals(j.getMetadata().getLabels().get(STEP_LABEL)))
        .filter(j -> j.getMetadata().getDeletionTimestamp() == null)
        .sorted(Comparator.comparingInt(TrainingJobs::attempt))
        .toList();
  }
}
