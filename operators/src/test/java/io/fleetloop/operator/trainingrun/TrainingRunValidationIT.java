package io.fleetloop.operator.trainingrun;

import static io.fleetloop.operator.testing.OperatorEnvironment.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fleetloop.api.common.Condition;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.DatasetSource;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.ModelRef;
import io.fleetloop.api.v1alpha1.ModelVersion;
import io.fleetloop.api.v1alpha1.PromotionSpec;
import io.fleetloop.api.v1alpha1.ReleaseModel;
import io.fleetloop.api.v1alpha1.TrainerSpec;
import io.fleetloop.api.v1alpha1.TrainingPhase;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.api.v1alpha1.TrainingRunReasons;
import io.fleetloop.api.v1alpha1.TrainingRunSpec;
import io.fleetloop.api.v1alpha1.TrainingRunStatus;
import io.fleetloop.api.v1alpha1.ValidationGates;
import io.fleetloop.api.v1alpha1.ValidationSpec;
import io.fleetloop.local.ComponentKind;
import io.fleetloop.local.LocalStack;
import io.fleetloop.local.S3Component;
import io.fleetloop.nodeagent.LocalImage;
import io.fleetloop.nodeagent.NodeAgent;
import io.fleetloop.nodeagent.NodeAgentSettings;
import io.fleetloop.operator.FleetloopOperator;
import io.fleetloop.operator.testing.Fixtures;
import io.fleetloop.operator.testing.OperatorEnvironment;
import io.minio.MakeBucketArgs;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Validation and promotion on the local stack: after the (fake) trainer's phase the operator runs
 * the validation Job, which the node agent runs as {@link FakeValidatorMain} writing {@code
 * validation.json} to the real S3 server; the operator reads it into {@code Validated} and then
 * promotes the model into the FleetRelease (Auto), waits for the annotation (Manual), or never
 * promotes it (gates failed).
 */
class TrainingRunValidationIT {

  private static final String BUCKET = "fleetloop-validation-it";
  private static final String TRAINER = "test/fake-trainer:ok";
  private static final String VALIDATOR = "test/fake-validator:1";
  private static final String SNAPSHOT =
      "sha256:2222222222222222222222222222222222222222222222222222222222222222";

  @RegisterExtension
  static final OperatorEnvironment env =
      new OperatorEnvironment(
          (client, settings) ->
              FleetloopOperator.start(
                  client,
                  settings,
                  TrainingSettings.defaults()
                      .withS3(
                          new TrainingSettings.S3(
                              s3().endpoint(), s3().accessKey(), s3().secretKey()))
                      .withBucket(BUCKET)
                      .withRetries(1, Duration.ofSeconds(1))
                      .withValidatorImage(VALIDATOR)));

  private static NodeAgent agent;

  private static S3Component s3() {
    return LocalStack.shared(ComponentKind.S3).s3();
  }

  @BeforeAll
  static void startNodeAgent() throws Exception {
    var minio = s3().newClient();
    if (!minio.bucketExists(io.minio.BucketExistsArgs.builder().bucket(BUCKET).build())) {
      minio.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
    }
    env.client()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(TrainingSettings.DEFAULT_S3_SECRET)
                .withNamespace(env.namespace())
                .endMetadata()
                .withStringData(
                    Map.of("accessKey", s3().accessKey(), "secretKey", s3().secretKey()))
                .build())
        .create();
    String cp = System.getProperty("java.class.path");
    agent =
        NodeAgent.start(
            env.client(),
            NodeAgentSettings.training(
                    Map.of(
                        TRAINER, image(TRAINER, FakeTrainerMain.class.getName(), cp),
                        VALIDATOR, image(VALIDATOR, FakeValidatorMain.class.getName(), cp)))
                .inNamespace(env.namespace()));
  }

  private static LocalImage image(String image, String main, String cp) {
    return new LocalImage(
        image,
        main,
        cp,
        List.of("-Xmx96m", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Dfake.mode=ok"));
  }

  @AfterAll
  static void stopNodeAgent() {
    if (agent != null) {
      agent.close();
    }
  }

  private static String release(String name) {
    FleetRelease r =
        Fixtures.fleetRelease(env.namespace(), name, Fixtures.releaseSpec(10, 50, 100));
    env.create(r);
    return name;
  }

  private static void run(String name, String pool, double minAccuracy, PromotionSpec promotion) {
    TrainingRunSpec spec =
        new TrainingRunSpec()
            .withModel(new ModelRef().withName("policy"))
            .withDataset(new DatasetSource().withSnapshot(SNAPSHOT))
            .withTrainer(new TrainerSpec().withImage(TRAINER))
            .withPhases(List.of(Fixtures.phase("pretrain", pool, TrainingPhase.PRECISION_FP32)))
            .withValidation(
                new ValidationSpec()
                    .withSuites(List.of("heldout", "tail"))
                    .withGates(
                        new ValidationGates()
                            .withMinAccuracy(minAccuracy)
                            .withMaxChipDisagreement(0.01)))
            .withPromotion(promotion);
    env.create(Fixtures.trainingRun(null, name, spec));
  }

  private static Condition condition(String run, String type) {
    return env.condition(TrainingRun.class, run, type).orElseThrow();
  }

  private static Condition awaitCondition(String run, String type, String status, String reason) {
    eventually()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(env.condition(TrainingRun.class, run, type))
                    .hasValueSatisfying(
                        c -> {
                          assertThat(c.getStatus()).isEqualTo(status);
                          assertThat(c.getReason()).isEqualTo(reason);
                        }));
    return condition(run, type);
  }

  private static ReleaseModel releaseModel(String release) {
    return env.get(FleetRelease.class, release).getSpec().getModel();
  }

  private static List<Job> validationJobs(String run) {
    return ValidationJobs.of(
        env.client()
            .batch()
            .v1()
            .jobs()
            .inNamespace(env.namespace())
            .withLabel(TrainingJobs.RUN_LABEL, run)
            .list()
            .getItems());
  }

  @Test
  void aModelThatPassesIsValidatedAndAutoPromotedIntoItsRelease() {
    String pool = env.poolName("gpu-auto");
    env.create(Fixtures.gpuPool(pool, 2));
    String fleet = release("fleet-auto");
    run("auto", pool, 0.9, Fixtures.promoteInto(fleet).withPolicy(PromotionSpec.POLICY_AUTO));

    Condition validated =
        awaitCondition(
            "auto",
            TrainingRunStatus.VALIDATED,
            ConditionTypes.TRUE,
            TrainingRunReasons.GATES_PASSED);
    assertThat(validated.getMessage())
        .isEqualTo(
            "accuracy 0.951 ≥ 0.900 on heldout, 0.932 ≥ 0.900 on tail,"
                + " chip disagreement 0.004 ≤ 0.010 on tail");
    Condition promoted =
        awaitCondition(
            "auto", TrainingRunStatus.PROMOTED, ConditionTypes.TRUE, TrainingRunReasons.PROMOTED);

    ModelVersion version = env.get(TrainingRun.class, "auto").getStatus().getModelVersion();
    ReleaseModel model = releaseModel(fleet);
    assertThat(model.getVersion()).isEqualTo("auto");
    assertThat(model.getDigest()).isEqualTo(version.getDigest());
    assertThat(model.getArtifact()).isEqualTo(version.getArtifact());
    assertThat(promoted.getMessage())
        .isEqualTo(
            "model auto (%s) is the spec.model of FleetRelease %s"
                .formatted(version.getDigest(), fleet));

    // the validation Job: one pod, no accelerator, the validator's arguments
    List<Job> jobs = validationJobs("auto");
    assertThat(jobs).hasSize(1);
    var container = jobs.get(0).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo(VALIDATOR);
    assertThat(container.getArgs())
        .containsSequence("--model", version.getArtifact())
        .containsSequence("--digest", version.getDigest())
        .containsSequence("--suites", "heldout,tail")
        .containsSequence("--min-accuracy", "0.9")
        .containsSequence("--max-chip-disagreement", "0.01");
    assertThat(container.getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");

    // a restarted operator neither validates again nor patches the release again
    String resourceVersion = env.get(FleetRelease.class, fleet).getMetadata().getResourceVersion();
    env.restartOperator();
    env.edit(
        TrainingRun.class,
        "auto",
        r -> {
          Map<String, String> a = new HashMap<>();
          a.put("touch", "1");
          r.getMetadata().setAnnotations(a);
        });
    eventually()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(validationJobs("auto")).hasSize(1);
              assertThat(env.get(FleetRelease.class, fleet).getMetadata().getResourceVersion())
                  .isEqualTo(resourceVersion);
              assertThat(condition("auto", TrainingRunStatus.PROMOTED).getStatus())
                  .isEqualTo(ConditionTypes.TRUE);
            });
  }

  @Test
  void aModelThatFailsAGateIsNeverPromoted() {
    String pool = env.poolName("gpu-strict");
    env.create(Fixtures.gpuPool(pool, 2));
    String fleet = release("fleet-strict");
    run("strict", pool, 0.95, Fixtures.promoteInto(fleet).withPolicy(PromotionSpec.POLICY_AUTO));

    Condition validated =
        awaitCondition(
            "strict",
            TrainingRunStatus.VALIDATED,
            ConditionTypes.FALSE,
            TrainingRunReasons.GATES_FAILED);
    assertThat(validated.getMessage())
        .contains("0.932 < 0.950 on tail")
        .endsWith("failed: accuracy 0.932 < 0.950 on tail");
    Condition promoted =
        awaitCondition(
            "strict",
            TrainingRunStatus.PROMOTED,
            ConditionTypes.FALSE,
            TrainingRunReasons.NOT_VALIDATED);
    assertThat(promoted.getMessage()).contains("never promoted");
    assertThat(releaseModel(fleet).getVersion()).isEqualTo("policy-g4");
    // the run itself succeeded: it produced a model, the model was judged
    assertThat(condition("strict", TrainingRunStatus.SUCCEEDED).getStatus())
        .isEqualTo(ConditionTypes.TRUE);
  }

  @Test
  void aManualPromotionWaitsForTheAnnotationThenPromotes() {
    String pool = env.poolName("gpu-manual");
    env.create(Fixtures.gpuPool(pool, 2));
    String fleet = release("fleet-manual");
    run("manual", pool, 0.9, Fixtures.promoteInto(fleet).withPolicy(PromotionSpec.POLICY_MANUAL));

    Condition waiting =
        awaitCondition(
            "manual",
            TrainingRunStatus.PROMOTED,
            ConditionTypes.FALSE,
            TrainingRunReasons.AWAITING_APPROVAL);
    assertThat(waiting.getMessage())
        .endsWith(
            "kubectl annotate trainingrun manual -n "
                + env.namespace()
                + " fleetloop.io/action=promote");
    assertThat(condition("manual", TrainingRunStatus.VALIDATED).getStatus())
        .isEqualTo(ConditionTypes.TRUE);
    assertThat(releaseModel(fleet).getVersion()).isEqualTo("policy-g4");

    env.edit(
        TrainingRun.class,
        "manual",
        r -> {
          Map<String, String> a = new HashMap<>();
          a.put(PromotionSpec.ACTION_ANNOTATION, PromotionSpec.ACTION_PROMOTE);
          r.getMetadata().setAnnotations(a);
        });
    Condition promoted =
        awaitCondition(
            "manual", TrainingRunStatus.PROMOTED, ConditionTypes.TRUE, TrainingRunReasons.PROMOTED);
    assertThat(promoted.getMessage()).contains("approved by the fleetloop.io/action annotation");
    assertThat(releaseModel(fleet).getVersion()).isEqualTo("manual");
    assertThat(releaseModel(fleet).getDigest())
        .isEqualTo(env.get(TrainingRun.class, "manual").getStatus().getModelVersion().getDigest());
  }
}
