package io.fleetloop.operator.trainingrun;

import static io.fleetloop.operator.testing.Fixtures.edgeChipPool;
import static io.fleetloop.operator.testing.Fixtures.fromTriggers;
import static io.fleetloop.operator.testing.Fixtures.gpuPool;
import static io.fleetloop.operator.testing.Fixtures.phase;
import static io.fleetloop.operator.testing.Fixtures.promoteInto;
import static io.fleetloop.operator.testing.Fixtures.runSpec;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.TrainingPhase;
import io.fleetloop.api.v1alpha1.TrainingRunReasons;
import io.fleetloop.operator.common.Finding;
import io.fleetloop.operator.testing.InMemoryReferences;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReferenceResolverTest {

  private final InMemoryReferences cluster =
      new InMemoryReferences().with(gpuPool("gpu-a100", 8)).with(edgeChipPool("edge-hw4", 4));

  @Test
  void resolvesARunWhosePoolsTriggersAndReleaseExist() {
    var spec =
        runSpec("gpu-a100", "edge-hw4")
            .withDataset(fromTriggers("fog", "takeovers"))
            .withPromotion(promoteInto("model-y-na"));
    cluster.withTrigger("fog").withTrigger("takeovers").withRelease("model-y-na");

    var resolution = ReferenceResolver.resolve(spec, "team-a", cluster);

    assertThat(resolution.resolved()).isTrue();
    Finding ready = resolution.ready("");
    assertThat(ready.type()).isEqualTo(ConditionTypes.READY);
    assertThat(ready.status()).isEqualTo(ConditionTypes.TRUE);
    assertThat(ready.reason()).isEqualTo(TrainingRunReasons.REFERENCES_RESOLVED);
    assertThat(ready.message())
        .contains("pretrain on gpu-a100", "hil-finetune on edge-hw4", "fog, takeovers")
        .contains("model-y-na");
  }

  @Test
  void aMissingPoolIsNamedWithItsPhase() {
    var resolution = ReferenceResolver.resolve(runSpec("gpu-h100", "edge-hw4"), "team-a", cluster);

    assertThat(resolution.ready(""))
        .returns(ConditionTypes.FALSE, Finding::status)
        .returns(TrainingRunReasons.POOL_NOT_FOUND, Finding::reason)
        .returns("phase 'pretrain': HardwarePool 'gpu-h100' not found", Finding::message)
        .returns(Finding.Severity.WARNING, Finding::severity);
  }

  @Test
  void chipPrecisionNeedsAnEdgeChipPool() {
    var spec = runSpec("gpu-a100", "gpu-a100");

    var ready = ReferenceResolver.resolve(spec, "team-a", cluster).ready("");

    assertThat(ready.reason()).isEqualTo(TrainingRunReasons.PRECISION_MISMATCH);
    assertThat(ready.message())
        .isEqualTo(
            "phase 'hil-finetune': precision Chip runs only on an EdgeChip pool, but HardwarePool"
                + " 'gpu-a100' is GPU");
  }

  @Test
  void anEdgeChipPoolRunsOnlyChipPhases() {
    var spec =
        runSpec("gpu-a100", "edge-hw4")
            .withPhases(List.of(phase("pretrain", "edge-hw4", TrainingPhase.PRECISION_BF16)));

    var ready = ReferenceResolver.resolve(spec, "team-a", cluster).ready("");

    assertThat(ready.reason()).isEqualTo(TrainingRunReasons.PRECISION_MISMATCH);
    assertThat(ready.message())
        .contains("phase 'pretrain'", "'edge-hw4' is an EdgeChip pool", "not BF16");
  }

  @Test
  void parallelismMustFitThePool() {
    var spec =
        runSpec("gpu-a100", "edge-hw4")
            .withPhases(
                List.of(
                    phase("pretrain", "gpu-a100", TrainingPhase.PRECISION_FP32)
                        .withParallelism(9)));

    var ready = ReferenceResolver.resolve(spec, "team-a", cluster).ready("");

    assertThat(ready.reason()).isEqualTo(TrainingRunReasons.INSUFFICIENT_CAPACITY);
    assertThat(ready.message())
        .isEqualTo(
            "phase 'pretrain': parallelism 9 exceeds the capacity 8 of HardwarePool 'gpu-a100'");
  }

  @Test
  void aPoolWithoutCapacityAdmitsNothing() {
    cluster.with(gpuPool("drained", 0));
    var spec =
        runSpec("drained", "edge-hw4")
            .withPhases(List.of(phase("pretrain", "drained", TrainingPhase.PRECISION_FP32)));

    var ready = ReferenceResolver.resolve(spec, "team-a", cluster).ready("");

    assertThat(ready.reason()).isEqualTo(TrainingRunReasons.INSUFFICIENT_CAPACITY);
    assertThat(ready.message())
        .isEqualTo("phase 'pretrain': HardwarePool 'drained' has no capacity");
  }

  @Test
  void missingTriggersAndReleaseAreNamedWithTheNamespace() {
    var spec =
        runSpec("gpu-a100", "edge-hw4")
            .withDataset(fromTriggers("fog"))
            .withPromotion(promoteInto("model-y-na"));

    var resolution = ReferenceResolver.resolve(spec, "team-a", cluster);

    assertThat(resolution.problems())
        .extracting(ReferenceResolver.Problem::reason)
        .containsExactly(
            TrainingRunReasons.TRIGGER_NOT_FOUND, TrainingRunReasons.RELEASE_NOT_FOUND);
    assertThat(resolution.ready("").message())
        .isEqualTo(
            "dataset.triggers: DataTrigger 'fog' not found in namespace 'team-a'; "
                + "promotion.release: FleetRelease 'model-y-na' not found in namespace 'team-a'");
  }

  @Test
  void everyProblemIsReportedAndTheFirstGivesTheReason() {
    var spec = runSpec("nowhere", "gpu-a100").withDataset(fromTriggers("fog"));

    var ready = ReferenceResolver.resolve(spec, "team-a", cluster).ready("loop.trainingTemplate: ");

    assertThat(ready.reason()).isEqualTo(TrainingRunReasons.POOL_NOT_FOUND);
    assertThat(ready.message().split("; "))
        .containsExactly(
            "loop.trainingTemplate: phase 'pretrain': HardwarePool 'nowhere' not found",
            "loop.trainingTemplate: phase 'hil-finetune': precision Chip runs only on an EdgeChip"
                + " pool, but HardwarePool 'gpu-a100' is GPU",
            "loop.trainingTemplate: dataset.triggers: DataTrigger 'fog' not found in namespace"
                + " 'team-a'");
  }
}
