package io.fleetloop.operator.fleetrelease;

import static io.fleetloop.operator.testing.OperatorEnvironment.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.api.common.Condition;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.common.Reasons;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.FleetReleaseStatus;
import io.fleetloop.api.v1alpha1.FleetloopApi;
import io.fleetloop.api.v1alpha1.LoopSpec;
import io.fleetloop.api.v1alpha1.TrainingRunReasons;
import io.fleetloop.operator.testing.Fixtures;
import io.fleetloop.operator.testing.OperatorEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FleetReleaseIT {

  @RegisterExtension static final OperatorEnvironment env = new OperatorEnvironment();

  @Test
  void aValidReleaseWithoutAReleaseChannelIsReadyAndSaysNothingMeasuresTheFleet() {
    env.create(Fixtures.fleetRelease(null, "model-y", Fixtures.releaseSpec(1, 10, 50, 100)));

    eventually()
        .untilAsserted(
            () -> {
              FleetRelease release = env.get(FleetRelease.class, "model-y");
              assertThat(release.getStatus().getObservedGeneration()).isEqualTo(1L);
              assertThat(release.getStatus().condition(ConditionTypes.READY))
                  .get()
                  .returns(ConditionTypes.TRUE, Condition::getStatus)
                  .returns(TrainingRunReasons.REFERENCES_RESOLVED, Condition::getReason);
              assertThat(release.getStatus().condition(FleetReleaseStatus.PROGRESSING))
                  .get()
                  .returns(ConditionTypes.UNKNOWN, Condition::getStatus)
                  .returns(FleetReleaseStatus.REASON_NO_RELEASE_CHANNEL, Condition::getReason)
                  .satisfies(c -> assertThat(c.getMessage()).contains("no release channel"));
            });
    FleetRelease release = env.get(FleetRelease.class, "model-y");
    assertThat(release.getStatus().getCurrentStage()).isNull();
    assertThat(release.getStatus().getCandidateVersion()).isNull();
    // registered without generation-aware filtering: its own status write must not loop
    env.assertNotWrittenFor(FleetRelease.class, "model-y", Duration.ofSeconds(2));

    env.edit(
        FleetRelease.class,
        "model-y",
        r -> r.getSpec().setStages(Fixtures.releaseSpec(5, 100).getStages()));
    eventually()
        .untilAsserted(
            () ->
                assertThat(env.get(FleetRelease.class, "model-y").getStatus())
                    .returns(2L, FleetReleaseStatus::getObservedGeneration));
  }

  @Test
  void stagesThatDoNotIncreaseAreAnInvalidSpec() {
    env.create(Fixtures.fleetRelease(null, "backwards", Fixtures.releaseSpec(50, 10, 100)));

    eventually()
        .untilAsserted(
            () ->
                assertThat(env.condition(FleetRelease.class, "backwards", ConditionTypes.READY))
                    .get()
                    .returns(ConditionTypes.FALSE, Condition::getStatus)
                    .returns(Reasons.INVALID_SPEC, Condition::getReason)
                    .returns(1L, Condition::getObservedGeneration)
                    .satisfies(
                        c ->
                            assertThat(c.getMessage())
                                .contains(
                                    "spec.stages",
                                    "stage percentages must be strictly increasing")));
    env.assertNotWrittenFor(FleetRelease.class, "backwards", Duration.ofSeconds(3));
  }

  @Test
  void theActionAnnotationIsAnswered() {
    env.create(Fixtures.fleetRelease(null, "acted-on", Fixtures.releaseSpec(100)));
    eventually()
        .until(
            () -> env.condition(FleetRelease.class, "acted-on", ConditionTypes.READY).isPresent());

    annotate("acted-on", "promot");
    eventually()
        .untilAsserted(
            () ->
                assertThat(
                        env.condition(
                            FleetRelease.class, "acted-on", FleetReleaseStatus.ACTION_ACCEPTED))
                    .get()
                    .returns(ConditionTypes.FALSE, Condition::getStatus)
                    .returns(FleetReleaseStatus.REASON_UNKNOWN_ACTION, Condition::getReason)
                    .satisfies(
                        c -> assertThat(c.getMessage()).contains("promote, abort, undo, retry")));
    assertThat(env.client().v1().events().inNamespace(env.namespace()).list().getItems())
        .anySatisfy(
            e -> {
              assertThat(e.getReason()).isEqualTo(FleetReleaseStatus.REASON_UNKNOWN_ACTION);
              assertThat(e.getType()).isEqualTo("Warning");
            });
    env.assertNotWrittenFor(FleetRelease.class, "acted-on", Duration.ofSeconds(2));

    annotate("acted-on", "undo");
    eventually()
        .untilAsserted(
            () ->
                assertThat(
                        env.condition(
                            FleetRelease.class, "acted-on", FleetReleaseStatus.ACTION_ACCEPTED))
                    .get()
                    .returns(FleetReleaseStatus.REASON_ACTION_NOT_AVAILABLE, Condition::getReason));

    annotate("acted-on", null);
    eventually()
        .until(
            () ->
                env.condition(FleetRelease.class, "acted-on", FleetReleaseStatus.ACTION_ACCEPTED)
                    .isEmpty());
  }

  @Test
  void theTrainingTemplateIsResolvedLikeARun() {
    String gpu = env.poolName("gpu");
    String edge = env.poolName("edge");
    env.create(Fixtures.edgeChipPool(edge, 1));
    env.create(
        Fixtures.fleetRelease(
            null,
            "looping",
            Fixtures.releaseSpec(100)
                .withLoop(
                    new LoopSpec()
                        .withRetrainWhenNewSamples(5000)
                        .withTrainingTemplate(
                            Fixtures.runSpec(gpu, edge)
                                .withPromotion(Fixtures.promoteInto("looping"))))));

    eventually()
        .untilAsserted(
            () ->
                assertThat(env.condition(FleetRelease.class, "looping", ConditionTypes.READY))
                    .get()
                    .returns(ConditionTypes.FALSE, Condition::getStatus)
                    .returns(TrainingRunReasons.POOL_NOT_FOUND, Condition::getReason)
                    .returns(
                        "loop.trainingTemplate: phase 'pretrain': HardwarePool '"
                            + gpu
                            + "' not found",
                        Condition::getMessage));

    env.create(Fixtures.gpuPool(gpu, 4));

    eventually()
        .untilAsserted(
            () ->
                assertThat(env.condition(FleetRelease.class, "looping", ConditionTypes.READY))
                    .get()
                    .returns(ConditionTypes.TRUE, Condition::getStatus)
                    .returns(TrainingRunReasons.REFERENCES_RESOLVED, Condition::getReason));
  }

  @Test
  void deletionRemovesTheFinalizer() {
    env.create(Fixtures.fleetRelease(null, "short-lived", Fixtures.releaseSpec(100)));
    eventually()
        .until(
            () ->
                env.condition(FleetRelease.class, "short-lived", ConditionTypes.READY).isPresent());

    env.deleteAndAwaitGone(FleetRelease.class, "short-lived");
  }

  private void annotate(String name, String verb) {
    env.annotate(FleetRelease.class, name, FleetloopApi.ACTION_ANNOTATION, verb);
  }
}
