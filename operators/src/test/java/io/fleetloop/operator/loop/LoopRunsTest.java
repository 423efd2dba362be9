package io.fleetloop.operator.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.common.Conditions;
import io.fleetloop.api.v1alpha1.DatasetSource;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.FleetReleaseSpec;
import io.fleetloop.api.v1alpha1.LoopSpec;
import io.fleetloop.api.v1alpha1.ModelRef;
import io.fleetloop.api.v1alpha1.PromotionSpec;
import io.fleetloop.api.v1alpha1.TrainingPhase;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.api.v1alpha1.TrainingRunSpec;
import io.fleetloop.api.v1alpha1.TrainingRunStatus;
import io.fleetloop.api.v1alpha1.ValidationSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoopRunsTest {

  static TrainingRunSpec template() {
    return new TrainingRunSpec()
        .withModel(new ModelRef().withName("policy").withBaseVersion("policy-g0"))
        .withDataset(new DatasetSource().withTriggers(List.of("takeovers")))
        .withPhases(
            List.of(
                new TrainingPhase()
                    .withName("pretrain")
                    .withPool("gpu")
                    .withPrecision(TrainingPhase.PRECISION_FP32)
                    .withEpochs(2)))
        .withPromotion(new PromotionSpec().withRelease("other").withPolicy("Auto"));
  }

  static FleetRelease release() {
    FleetRelease r = new FleetRelease();
    r.setMetadata(
        new ObjectMetaBuilder().withName("model-y").withNamespace("ns").withUid("u-1").build());
    r.setSpec(
        new FleetReleaseSpec()
            .withFleetSelector(
                new LabelSelectorBuilder().withMatchLabels(Map.of("fleet", "y")).build())
            .withLoop(
                new LoopSpec().withRetrainWhenNewSamples(100).withTrainingTemplate(template())));
    return r;
  }

  @Test
  void newRunIsTheTemplateBoundToTheReleaseAndItsStableVersion() {
    FleetRelease release = release();
    TrainingRun run =
        LoopRuns.newRun(
            release, "model-y-g2", 2, "policy-g1", List.of("takeovers", "model-y-focus"));
    assertThat(run.getMetadata().getName()).isEqualTo("model-y-g2");
    assertThat(run.getMetadata().getLabels())
        .containsEntry(LoopRuns.RELEASE_LABEL, "model-y")
        .containsEntry(LoopRuns.GENERATION_LABEL, "2");
    assertThat(run.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo("u-1");
    assertThat(run.getSpec().getModel().getBaseVersion()).isEqualTo("policy-g1");
    assertThat(run.getSpec().getPromotion().getRelease()).isEqualTo("model-y");
    assertThat(run.getSpec().getPromotion().getPolicy()).isEqualTo("Auto");
    assertThat(run.getSpec().getDataset().getTriggers())
        .containsExactly("takeovers", "model-y-focus");
    // the template itself is untouched
    assertThat(release.getSpec().getLoop().getTrainingTemplate().getModel().getBaseVersion())
        .isEqualTo("policy-g0");
    assertThat(release.getSpec().getLoop().getTrainingTemplate().getPromotion().getRelease())
        .isEqualTo("other");
  }

  @Test
  void focusTriggerIsAddedOnceAndOnlyToTriggerDatasets() {
    assertThat(LoopRuns.triggers(template(), "model-y-focus"))
        .containsExactly("takeovers", "model-y-focus");
    TrainingRunSpec listed =
        template().withDataset(new DatasetSource().withTriggers(List.of("model-y-focus")));
    assertThat(LoopRuns.triggers(listed, "model-y-focus")).containsExactly("model-y-focus");
    TrainingRunSpec snapshot = template().withDataset(new DatasetSource().withSnapshot("s"));
    assertThat(LoopRuns.triggers(snapshot, "model-y-focus")).isEmpty();
  }

  @Test
  void finishedMeansFailedRejectedPromotedOrPlainSuccess() {
    assertThat(LoopRuns.finished(run(template(), TrainingRunStatus.RUNNING, ConditionTypes.TRUE)))
        .isFalse();
    assertThat(LoopRuns.finished(run(template(), TrainingRunStatus.FAILED, ConditionTypes.TRUE)))
        .isTrue();
    assertThat(
            LoopRuns.finished(run(template(), TrainingRunStatus.VALIDATED, ConditionTypes.FALSE)))
        .isTrue();
    assertThat(LoopRuns.finished(run(template(), TrainingRunStatus.PROMOTED, ConditionTypes.TRUE)))
        .isTrue();
    // succeeded but awaiting its promotion: still in progress
    assertThat(LoopRuns.finished(run(template(), TrainingRunStatus.SUCCEEDED, ConditionTypes.TRUE)))
        .isFalse();
    TrainingRunSpec plain = template().withPromotion(null).withValidation(null);
    assertThat(LoopRuns.finished(run(plain, TrainingRunStatus.SUCCEEDED, ConditionTypes.TRUE)))
        .isTrue();
    assertThat(
            LoopRuns.finished(
                run(
                    plain.withValidation(new ValidationSpec()),
                    TrainingRunStatus.SUCCEEDED,
                    ConditionTypes.TRUE)))
        .isFalse();
  }

  @Test
  void aPromotedSpecOrACandidateIsRollingOutUntilItsOutcomeIsKnown() {
    FleetRelease r = release();
    r.getSpec().withModel(new io.fleetloop.api.v1alpha1.ReleaseModel().withVersion("policy-g5"));
    assertThat(LoopRuns.rollingOut(r)).as("no stable version yet").isEmpty();
    r.setStatus(new io.fleetloop.api.v1alpha1.FleetReleaseStatus().withStableVersion("policy-g4"));
    assertThat(LoopRuns.rollingOut(r))
        .as("spec promoted, rollout not started")
        .contains("policy-g5");
    r.getStatus().setCandidateVersion("policy-g5");
    assertThat(LoopRuns.rollingOut(r)).contains("policy-g5");
    r.getStatus().setCandidateVersion(null);
    r.getStatus()
        .setHistory(
            List.of(
                new io.fleetloop.api.v1alpha1.GenerationRecord()
                    .withVersion("policy-g5")
                    .withOutcome(io.fleetloop.api.v1alpha1.GenerationRecord.OUTCOME_ROLLED_BACK)));
    assertThat(LoopRuns.rollingOut(r)).as("rolled back: over").isEmpty();
    r.getStatus().setStableVersion("policy-g5");
    r.getStatus().setHistory(null);
    assertThat(LoopRuns.rollingOut(r)).as("promoted: stable").isEmpty();
  }

  @Test
  void viewNeedsANumericGenerationLabel() {
    TrainingRun r = run(template(), TrainingRunStatus.RUNNING, ConditionTypes.TRUE);
    assertThat(LoopRuns.view(r)).isEmpty();
    r.getMetadata().setLabels(Map.of(LoopRuns.GENERATION_LABEL, "x"));
    assertThat(LoopRuns.view(r)).isEmpty();
    r.getMetadata().setLabels(Map.of(LoopRuns.GENERATION_LABEL, "3"));
    assertThat(LoopRuns.view(r)).contains(new GenerationPlan.Run("run", 3, false));
  }

  static TrainingRun run(TrainingRunSpec spec, String type, String status) {
    TrainingRun r = new TrainingRun();
    r.setMetadata(new ObjectMetaBuilder().withName("run").withNamespace("ns").build());
    r.setSpec(spec);
    TrainingRunStatus s = new TrainingRunStatus();
    Conditions.set(s, type, status, "Test", "test", 1L, Instant.EPOCH);
    r.setStatus(s);
    return r;
  }
}
