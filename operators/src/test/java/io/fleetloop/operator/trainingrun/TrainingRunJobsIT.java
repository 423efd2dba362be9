package io.fleetloop.operator.trainingrun;

import static io.fleetloop.operator.testing.OperatorEnvironment.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fleetloop.api.common.Condition;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.HardwarePool;
import io.fleetloop.api.v1alpha1.ModelRef;
import io.fleetloop.api.v1alpha1.PhaseStatus;
import io.fleetloop.api.v1alpha1.TrainerSpec;
import io.fleetloop.api.v1alpha1.TrainingPhase;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.api.v1alpha1.TrainingRunReasons;
import io.fleetloop.api.v1alpha1.TrainingRunSpec;
import io.fleetloop.api.v1alpha1.TrainingRunStatus;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The TrainingRun state machine end to end on the local stack: the operator creates the phases'
 * Jobs, the node agent runs them as processes of {@link FakeTrainerMain} writing to the real S3
 * server, and the operator follows them to a verified model version — or to a failure with its
 * reason.
 */
class TrainingRunJobsIT {

  private static final String BUCKET = "fleetloop-jobs-it";
  private static final String OK = "test/fake-trainer:ok";
  private static final String HOLD = "test/fake-trainer:hold";
  private static final String FAIL = "test/fake-trainer:fail";
  private static final String CORRUPT = "test/fake-trainer:corrupt";
  private static final String SNAPSHOT =
      "sha256:1111111111111111111111111111111111111111111111111111111111111111";

  private static Path release;

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
                      .withRetries(1, Duration.ofSeconds(1))));

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
    release = Files.createTempDirectory("fake-trainer").resolve("release");
    String cp = System.getProperty("java.class.path");
    String main = FakeTrainerMain.class.getName();
    agent =
        NodeAgent.start(
            env.client(),
            NodeAgentSettings.training(
                    Map.of(
                        OK, image(OK, main, cp, "ok"),
                        HOLD, image(HOLD, main, cp, "hold"),
                        FAIL, image(FAIL, main, cp, "fail"),
                        CORRUPT, image(CORRUPT, main, cp, "corrupt")))
                .inNamespace(env.namespace()));
  }

  private static LocalImage image(String image, String main, String cp, String mode) {
    return new LocalImage(
        image,
        main,
        cp,
        List.of(
            "-Xmx96m",
            "-XX:TieredStopAtLevel=1",
            "-Xshare:auto",
            "-Dfake.mode=" + mode,
            "-Dfake.release=" + release));
  }

  @AfterAll
  static void stopNodeAgent() {
    if (agent != null) {
      agent.close();
    }
  }

  private static TrainingRunSpec spec(String image, TrainingPhase... phases) {
    return new TrainingRunSpec()
        .withModel(new ModelRef().withName("policy"))
        .withDataset(new io.fleetloop.api.v1alpha1.DatasetSource().withSnapshot(SNAPSHOT))
        .withTrainer(new TrainerSpec().withImage(image))
        .withPhases(List.of(phases));
  }

  private static TrainingRun run(String name) {
    return env.get(TrainingRun.class, name);
  }

  private static Condition condition(String run, String type) {
    return env.condition(TrainingRun.class, run, type).orElseThrow();
  }

  private static List<Job> jobs(String run) {
    return env.client()
        .batch()
        .v1()
        .jobs()
        .inNamespace(env.namespace())
        .withLabel(TrainingJobs.RUN_LABEL, run)
        .list()
        .getItems();
  }

  @Test
  void aGpuPhaseThenAChipPhaseProduceAVerifiedModelVersion() throws Exception {
    String gpu = env.poolName("gpu");
    String edge = env.poolName("edge");
    HardwarePool gpuPool = Fixtures.gpuPool(gpu, 4);
    gpuPool.getSpec().setNodeSelector(Map.of("fleetloop.io/accelerator", "h100"));
    env.create(gpuPool);
    env.create(Fixtures.edgeChipPool(edge, 2));
    env.create(
        Fixtures.trainingRun(
            null,
            "g4",
            spec(
                OK,
                Fixtures.phase("pretrain", gpu, TrainingPhase.PRECISION_FP32).withParallelism(2),
                Fixtures.phase("hil-finetune", edge, TrainingPhase.PRECISION_CHIP))));

    eventually()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(condition("g4", TrainingRunStatus.SUCCEEDED))
                    .returns(ConditionTypes.TRUE, Condition::getStatus)
                    .returns(TrainingRunReasons.MODEL_REGISTERED, Condition::getReason));

    TrainingRun done = run("g4");
    assertThat(done.getStatus().getDatasetSnapshot()).isEqualTo(SNAPSHOT);
    assertThat(done.getStatus().getPhases())
        .extracting(PhaseStatus::getName, PhaseStatus::getState)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("pretrain", PhaseStatus.STATE_SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple("hil-finetune", PhaseStatus.STATE_SUCCEEDED));
    assertThat(done.getStatus().getPhases())
        .allSatisfy(
            p -> {
              assertThat(p.getMetrics()).containsEntry("accuracy", 0.93);
              assertThat(p.getStartTime()).isNotNull();
              assertThat(p.getCompletionTime()).isNotNull();
            });
    // the registered digest is the digest of the bytes in S3
    var version = done.getStatus().getModelVersion();
    assertThat(version.getName()).isEqualTo("g4");
    assertThat(version.getArtifact())
        .isEqualTo(TrainingJobs.outputPrefix(BUCKET, done, "hil-finetune") + "/model.flm");
    byte[] bytes =
        ArtifactStore.s3(
                new TrainingSettings.S3(s3().endpoint(), s3().accessKey(), s3().secretKey()))
            .read(version.getArtifact())
            .orElseThrow();
    assertThat(version.getDigest()).isEqualTo("sha256:" + RunProgress.sha256(bytes));
    // the chip phase started from the GPU phase's model, on the snapshot
    assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(
            "model hil-finetune "
                + SNAPSHOT
                + " "
                + TrainingJobs.outputPrefix(BUCKET, done, "pretrain")
                + "/model.flm");

    // the Jobs look as they would on a real cluster
    Job pretrain =
        jobs("g4").stream()
            .filter(
                j -> "pretrain".equals(j.getMetadata().getLabels().get(TrainingJobs.PHASE_LABEL)))
            .findFirst()
            .orElseThrow();
    assertThat(pretrain.getMetadata().getLabels())
        .containsEntry(TrainingJobs.RUN_LABEL, "g4")
        .containsEntry(TrainingJobs.POOL_LABEL, gpu);
    assertThat(pretrain.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(done.getMetadata().getUid()));
    assertThat(pretrain.getSpec().getParallelism()).isEqualTo(2);
    assertThat(pretrain.getSpec().getCompletions()).isEqualTo(2);
    var pod = pretrain.getSpec().getTemplate().getSpec();
    assertThat(pod.getNodeSelector()).containsEntry("fleetloop.io/accelerator", "h100");
    assertThat(pod.getContainers().get(0).getResources().getLimits())
        .containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(pod.getContainers().get(0).getArgs())
        .containsSequence("--phase", "pretrain")
        .containsSequence("--precision", "FP32")
        .containsSequence("--dataset-id", SNAPSHOT)
        .containsSequence(
            "--dataset",
            "s3://" + BUCKET + "/datasets/" + SNAPSHOT.substring(7) + "/manifest.json");
    assertThat(pretrain.getStatus().getSucceeded()).isEqualTo(2);
    assertThat(
            env.client()
                .pods()
                .inNamespace(env.namespace())
                .withLabel("job-name", pretrain.getMetadata().getName())
                .list()
                .getItems())
        .hasSize(2)
        .allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Succeeded"));
    // the capacity is back
    eventually()
        .untilAsserted(
            () -> assertThat(env.get(HardwarePool.class, gpu).getStatus().getAllocated()).isZero());
  }

  @Test
  void aRunQueuedForCapacityShowsItsPositionAndStartsWhenTheFirstFreesIt() throws Exception {
    String gpu = env.poolName("gpu-q");
    env.create(Fixtures.gpuPool(gpu, 2));
    env.create(
        Fixtures.trainingRun(
            null,
            "first",
            spec(
                HOLD,
                Fixtures.phase("pretrain", gpu, TrainingPhase.PRECISION_FP32).withParallelism(2))));
    eventually()
        .untilAsserted(
            () ->
                assertThat(condition("first", TrainingRunStatus.RUNNING))
                    .returns(ConditionTypes.TRUE, Condition::getStatus));
    env.create(
        Fixtures.trainingRun(
            null,
            "second",
            spec(
                    HOLD,
                    Fixtures.phase("pretrain", gpu, TrainingPhase.PRECISION_FP32)
                        .withParallelism(2))
                .withPriority(5)));

    eventually()
        .untilAsserted(
            () ->
                assertThat(condition("second", TrainingRunStatus.ADMITTED))
                    .returns(ConditionTypes.FALSE, Condition::getStatus)
                    .returns(TrainingRunReasons.QUEUED, Condition::getReason)
                    .returns(
                        "position 1 of 1 in pool " + gpu + ", needs 2, 0 of 2 free",
                        Condition::getMessage));
    eventually()
        .untilAsserted(
            () ->
                assertThat(env.get(HardwarePool.class, gpu).getStatus())
                    .returns(2, s -> s.getAllocated())
                    .returns(List.of(env.namespace() + "/second"), s -> s.getQueued()));
    assertThat(jobs("second")).isEmpty();

    Files.createFile(release);

    eventually()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(condition("first", TrainingRunStatus.SUCCEEDED))
                  .returns(ConditionTypes.TRUE, Condition::getStatus);
              assertThat(condition("second", TrainingRunStatus.SUCCEEDED))
                  .returns(ConditionTypes.TRUE, Condition::getStatus);
            });
    // second started only after first finished
    var first = run("first").getStatus().getPhases().get(0);
    var second = run("second").getStatus().getPhases().get(0);
    assertThat(java.time.Instant.parse(second.getStartTime()))
        .isAfterOrEqualTo(java.time.Instant.parse(first.getCompletionTime()).minusSeconds(1));
    eventually()
        .untilAsserted(
            () ->
                assertThat(env.get(HardwarePool.class, gpu).getStatus())
                    .returns(0, s -> s.getAllocated()));
  }

  @Test
  void aFailingJobIsRetriedThenTheRunFailsWithTheReason() {
    String gpu = env.poolName("gpu-f");
    env.create(Fixtures.gpuPool(gpu, 1));
    env.create(
        Fixtures.trainingRun(
            null,
            "flaky",
            spec(FAIL, Fixtures.phase("pretrain", gpu, TrainingPhase.PRECISION_FP32))));

    eventually()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(condition("flaky", TrainingRunStatus.FAILED))
                    .returns(ConditionTypes.TRUE, Condition::getStatus)
                    .returns(TrainingRunReasons.PHASE_FAILED, Condition::getReason)
                    .satisfies(
                        c ->
                            assertThat(c.getMessage())
                                .startsWith(
                                    "phase pretrain failed after 2 attempts: BackoffLimitExceeded")
                                .contains("exited with code 1")));
    assertThat(jobs("flaky"))
        .extracting(j -> j.getMetadata().getName())
        .containsExactlyInAnyOrder("flaky-pretrain-1", "flaky-pretrain-2");
    assertThat(run("flaky").getStatus().getModelVersion()).isNull();
    assertThat(run("flaky").getStatus().getPhases().get(0).getState())
        .isEqualTo(PhaseStatus.STATE_FAILED);
    eventually()
        .untilAsserted(
            () -> assertThat(env.get(HardwarePool.class, gpu).getStatus().getAllocated()).isZero());
  }

  @Test
  void aCorruptedArtifactIsNeverRegistered() {
    String gpu = env.poolName("gpu-c");
    env.create(Fixtures.gpuPool(gpu, 1));
    env.create(
        Fixtures.trainingRun(
            null,
            "corrupt",
            spec(CORRUPT, Fixtures.phase("pretrain", gpu, TrainingPhase.PRECISION_FP32))));

    eventually()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(condition("corrupt", TrainingRunStatus.FAILED))
                    .returns(ConditionTypes.TRUE, Condition::getStatus)
                    .returns(TrainingRunReasons.ARTIFACT_DIGEST_MISMATCH, Condition::getReason)
                    .satisfies(
                        c ->
                            assertThat(c.getMessage())
                                .contains("reported sha256:" + "0".repeat(64))
                                .contains("not registered")));
    assertThat(run("corrupt").getStatus().getModelVersion()).isNull();
    assertThat(condition("corrupt", TrainingRunStatus.SUCCEEDED).getStatus())
        .isEqualTo(ConditionTypes.FALSE);
  }

  @Test
  void anImageTheNodeAgentCannotRunFailsTheRunWithTheReason() {
    String gpu = env.poolName("gpu-u");
    env.create(Fixtures.gpuPool(gpu, 1));
    env.create(
        Fixtures.trainingRun(
            null,
            "custom",
            spec(
                "example.com/my-pytorch:1",
                Fixtures.phase("pretrain", gpu, TrainingPhase.PRECISION_FP32))));

    eventually()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(condition("custom", TrainingRunStatus.FAILED))
                    .returns(TrainingRunReasons.PHASE_FAILED, Condition::getReason)
                    .satisfies(
                        c ->
                            assertThat(c.getMessage())
                                .contains("ImageNotRunnable")
                                .contains("image example.com/my-pytorch:1 cannot run locally")));
  }
}
