package io.fleetloop.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.api.common.Condition;
import io.fleetloop.api.v1alpha1.DataTriggerStatus;
import io.fleetloop.api.v1alpha1.TrainingPhase;
import io.fleetloop.operator.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SpecContractTest {

  private static SpecContract contract;

  @BeforeAll
  static void loadTheCrds() {
    contract = SpecContract.fromClasspath();
  }

  @Test
  void theFixturesAreValid() {
    assertThat(contract.violations(Fixtures.dataTrigger("ns", "fog", "frame.takeover"))).isEmpty();
    assertThat(contract.violations(Fixtures.gpuPool("gpu", 8))).isEmpty();
    assertThat(contract.violations(Fixtures.edgeChipPool("edge", 4))).isEmpty();
    assertThat(
            contract.violations(Fixtures.trainingRun("ns", "g4", Fixtures.runSpec("gpu", "edge"))))
        .isEmpty();
    assertThat(
            contract.violations(
                Fixtures.fleetRelease("ns", "r", Fixtures.releaseSpec(1, 10, 50, 100))))
        .isEmpty();
  }

  @Test
  void stagesMustIncrease() {
    var release = Fixtures.fleetRelease("ns", "r", Fixtures.releaseSpec(50, 10, 100));

    assertThat(contract.violations(release))
        .get()
        .asString()
        .contains("spec.stages", "stage percentages must be strictly increasing");
  }

  @Test
  void gpuPoolsHaveNoArithmetic() {
    var pool = Fixtures.gpuPool("gpu", 8);
    pool.getSpec().getAccelerator().setArithmetic(Fixtures.chipArithmetic());

    assertThat(contract.violations(pool))
        .get()
        .asString()
        .contains(
            "spec.accelerator",
            "arithmetic is required for EdgeChip pools and not allowed for GPU pools");
  }

  @Test
  void everyViolationIsInTheMessage() {
    var run =
        Fixtures.trainingRun(
            "ns",
            "g4",
            Fixtures.runSpec("gpu", "edge")
                .withPhases(
                    List.of(
                        Fixtures.phase("Bad_Name", "gpu", "FP64").withEpochs(0),
                        Fixtures.phase("ok", "gpu", TrainingPhase.PRECISION_FP32))));

    assertThat(contract.check(run)).hasSizeGreaterThanOrEqualTo(3);
    assertThat(contract.violations(run))
        .get()
        .asString()
        .contains("spec.phases[0].name", "spec.phases[0].epochs", "spec.phases[0].precision");
  }

  @Test
  void theStatusAndServerSetMetadataAreNotChecked() {
    var trigger = Fixtures.dataTrigger("ns", "fog", "frame.takeover");
    trigger.getMetadata().setResourceVersion("17");
    trigger.getMetadata().setUid("6f1c0a3e-1111-2222-3333-444455556666");
    trigger.getMetadata().setFinalizers(List.of("datatriggers.fleetloop.io/finalizer"));
    trigger.setStatus(new DataTriggerStatus());
    trigger.getStatus().getConditions().add(new Condition().withType("Ready").withStatus("Maybe"));

    assertThat(contract.violations(trigger)).isEmpty();
  }

  @Test
  void userSetMetadataIsChecked() {
    var trigger = Fixtures.dataTrigger("ns", "fog", "frame.takeover");
    trigger.getMetadata().getLabels().put("bad label", "x");

    assertThat(contract.violations(trigger)).get().asString().contains("metadata.labels");
  }
}
