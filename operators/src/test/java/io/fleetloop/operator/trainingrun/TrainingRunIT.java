package io.fleetloop.operator.trainingrun;

import static io.fleetloop.operator.testing.OperatorEnvironment.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.api.common.Condition;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.common.Reasons;
import io.fleetloop.api.v1alpha1.TrainingPhase;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.api.v1alpha1.TrainingRunReasons;
import io.fleetloop.api.v1alpha1.TrainingRunStatus;
import io.fleetloop.operator.testing.Fixtures;
import io.fleetloop.operator.testing.OperatorEnvironment;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TrainingRunIT {

  @RegisterExtension static final OperatorEnvironment env = new OperatorEnvironment();

  @Test
  void aRunWaitsForItsPoolAndResolvesWhenThePoolAppears() {
    String gpu = env.poolName("gpu");
    String edge = env.poolName("edge");
    env.create(Fixtures.edgeChipPool(edge, 4));
    env.create(Fixtures.trainingRun(null, "g4", Fixtures.runSpec(gpu, edge)));

    eventually()
        .untilAsserted(
            () ->
                assertThat(env.condition(TrainingRun.class, "g4", ConditionTypes.READY))
                    .get()
                    .returns(ConditionTypes.FALSE, Condition::getStatus)
                    .returns(TrainingRunReasons.POOL_NOT_FOUND, Condition::getReason)
                    .returns(
                        "phase 'pretrain': HardwarePool '" + gpu + "' not found",
                        Condition::getMessage));
    assertThat(env.condition(TrainingRun.class, "g4", TrainingRunStatus.ADMITTED))
        .get()
        .returns(ConditionTypes.FALSE, Condition::getStatus)
        .returns(TrainingRunReasons.NOT_READY, Condition::getReason);
    assertThat(env.get(TrainingRun.class, "g4").getStatus().getDatasetSnapshot()).isNull();
    TrainingRun waiting = env.get(TrainingRun.class, "g4");

    env.create(Fixtures.gpuPool(gpu, 8));

    // no change to the run: the pool's informer re-reconciles it
    eventually()
        .untilAsserted(
            () ->
                assertThat(env.condition(TrainingRun.class, "g4", ConditionTypes.READY))
                    .get()
                    .returns(ConditionTypes.TRUE, Condition::getStatus)
                    .returns(TrainingRunReasons.REFERENCES_RESOLVED, Condition::getReason));
    TrainingRun resolved = env.get(TrainingRun.class, "g4");
    assertThat(resolved.getMetadata().getGeneration())
        .isEqualTo(waiting.getMetadata().getGeneration());
    assertThat(resolved.getMetadata().getAnnotations())
        .isEqualTo(waiting.getMetadata().getAnnotations());
    // admitted on the GPU pool: the first phase's Job exists (no node agent here runs it)
    eventually()
        .untilAsserted(
            () -> {
              TrainingRun running = env.get(TrainingRun.class, "g4");
              assertThat(running.getStatus().condition(TrainingRunStatus.ADMITTED))
                  .get()
                  .returns(ConditionTypes.TRUE, Condition::getStatus)
                  .returns(TrainingRunReasons.ADMITTED, Condition::getReason);
              assertThat(running.getStatus().condition(TrainingRunStatus.RUNNING))
                  .get()
                  .returns(TrainingRunReasons.PHASE_RUNNING, Condition::getReason);
              assertThat(running.getStatus().getDatasetSnapshot()).isEqualTo("snap-1");
              assertThat(running.getStatus().getPhases())
                  .extracting(p -> p.getState())
                  .containsExactly("Running", "Pending");
            });
    assertThat(
            env.client()
                .batch()
                .v1()
                .jobs()
                .inNamespace(env.namespace())
                .withName("g4-pretrain-1")
                .get())
        .isNotNull();
    assertThat(env.get(TrainingRun.class, "g4").getStatus().getModelVersion()).isNull();
  }

  @Test
  void aRunFromTriggersWaitsForTheCuratorWhenNoneIsConfigured() {
    String gpu = env.poolName("gpu-t");
    String edge = env.poolName("edge-t");
    env.create(Fixtures.gpuPool(gpu, 2));
    env.create(Fixtures.edgeChipPool(edge, 1));
    env.create(Fixtures.dataTrigger(null, "takeovers-t", "frame.takeover"));
    env.create(
        Fixtures.trainingRun(
            null,
            "wants-samples",
            Fixtures.runSpec(gpu, edge).withDataset(Fixtures.fromTriggers("takeovers-t"))));

    eventually()
        .untilAsserted(
            () ->
                assertThat(
                        env.condition(
                            TrainingRun.class, "wants-samples", TrainingRunStatus.ADMITTED))
                    .get()
                    .returns(ConditionTypes.FALSE, Condition::getStatus)
                    .returns(TrainingRunReasons.CURATOR_UNAVAILABLE, Condition::getReason)
                    .satisfies(c -> assertThat(c.getMessage()).contains("no curator")));
    assertThat(env.get(TrainingRun.class, "wants-samples").getStatus().getDatasetSnapshot())
        .isNull();
  }

  @Test
  void triggersAndReleaseAreResolvedInTheNamespaceAndFollowTheSpec() {
    String gpu = env.poolName("gpu-b");
    String edge = env.poolName("edge-b");
    env.create(Fixtures.gpuPool(gpu, 2));
    env.create(Fixtures.edgeChipPool(edge, 1));
    env.create(
        Fixtures.trainingRun(
            null,
            "from-triggers",
            Fixtures.runSpec(gpu, edge)
                .withDataset(Fixtures.fromTriggers("fog-b"))
                .withPromotion(Fixtures.promoteInto("model-b"))));

    eventually()
        .untilAsserted(
            () ->
                assertThat(env.condition(TrainingRun.class, "from-triggers", ConditionTypes.READY))
                    .get()
                    .returns(TrainingRunReasons.TRIGGER_NOT_FOUND, Condition::getReason)
                    .satisfies(
                        c ->
                            assertThat(c.getMessage())
                                .contains(
                                    "DataTrigger 'fog-b' not found",
                                    "FleetRelease 'model-b' not found")));

    env.create(Fixtures.dataTrigger(null, "fog-b", "env.weather == 'fog'"));
    eventually()
        .untilAsserted(
            () ->
                assertThat(env.condition(TrainingRun.class, "from-triggers", ConditionTypes.READY))
                    .get()
                    .returns(TrainingRunReasons.RELEASE_NOT_FOUND, Condition::getReason));

    env.create(Fixtures.fleetRelease(null, "model-b", Fixtures.releaseSpec(10, 100)));
    eventually()
        .untilAsserted(
            () ->
                assertThat(env.condition(TrainingRun.class, "from-triggers", ConditionTypes.READY))
                    .get()
                    .returns(ConditionTypes.TRUE, Condition::getStatus)
                    .returns(1L, Condition::getObservedGeneration));

    env.edit(
        TrainingRun.class, "from-triggers", r -> r.getSpec().getPhases().get(0).setParallelism(3));

    eventually()
        .untilAsserted(
            () -> {
              TrainingRun updated = env.get(TrainingRun.class, "from-triggers");
              assertThat(updated.getStatus().getObservedGeneration()).isEqualTo(2L);
              assertThat(updated.getStatus().condition(ConditionTypes.READY))
                  .get()
                  .returns(TrainingRunReasons.INSUFFICIENT_CAPACITY, Condition::getReason)
                  .returns(2L, Condition::getObservedGeneration);
            });
    env.assertNotWrittenFor(TrainingRun.class, "from-triggers", Duration.ofSeconds(2));
  }

  @Test
  void aPrecisionThatDoesNotFitThePoolIsReported() {
    String gpu = env.poolName("gpu-c");
    env.create(Fixtures.gpuPool(gpu, 2));
    env.create(Fixtures.trainingRun(null, "chip-on-gpu", Fixtures.runSpec(gpu, gpu)));

    eventually()
        .untilAsserted(
            () ->
                assertThat(env.condition(TrainingRun.class, "chip-on-gpu", ConditionTypes.READY))
                    .get()
                    .returns(TrainingRunReasons.PRECISION_MISMATCH, Condition::getReason)
                    .satisfies(
                        c -> assertThat(c.getMessage()).contains("phase 'hil-finetune'", gpu)));
  }

  @Test
  void duplicatePhaseNamesAreAnInvalidSpecWithoutAHotLoop() {
    String gpu = env.poolName("gpu-d");
    env.create(Fixtures.gpuPool(gpu, 2));
    env.create(
        Fixtures.trainingRun(
            null,
            "twice",
            Fixtures.runSpec(gpu, gpu)
                .withPhases(
                    List.of(
                        Fixtures.phase("pretrain", gpu, TrainingPhase.PRECISION_FP32),
                        Fixtures.phase("pretrain", gpu, TrainingPhase.PRECISION_BF16)))));

    eventually()
        .untilAsserted(
            () ->
                assertThat(env.condition(TrainingRun.class, "twice", ConditionTypes.READY))
                    .get()
                    .returns(ConditionTypes.FALSE, Condition::getStatus)
                    .returns(Reasons.INVALID_SPEC, Condition::getReason)
                    .returns(1L, Condition::getObservedGeneration)
                    .satisfies(
                        c ->
                            assertThat(c.getMessage())
                                .contains("spec.phases", "phase names must be unique")));
    env.assertNotWrittenFor(TrainingRun.class, "twice", Duration.ofSeconds(3));
  }

  @Test
  void deletionRemovesTheFinalizer() {
    env.create(Fixtures.trainingRun(null, "short-lived", Fixtures.runSpec("none", "none")));
    eventually()
        .until(
            () ->
                env.condition(TrainingRun.class, "short-lived", ConditionTypes.READY).isPresent());

    env.deleteAndAwaitGone(TrainingRun.class, "short-lived");
  }
}
