package io.fleetloop.trainer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The measurement pipeline at a reduced size: it runs end to end, trains the HIL arm through the
 * chip runtime and reports every arm. It asserts that the pipeline works, not the goal.
 */
class ChipGapExperimentTest {
  @Test
  void theReducedMeasurementRunsEndToEnd() {
    List<String> log = new ArrayList<>();
    ChipGapExperiment.Result r =
        new ChipGapExperiment(ChipGapExperiment.Config.reduced(), log::add).run();
    assertThat(r.tailFrames()).isGreaterThan(1000);
    assertThat(r.arms())
        .extracting(ChipGapExperiment.Arm::arm)
        .containsExactly("PTQ", "QAT", "HIL");
    for (ChipGapExperiment.Arm a : r.arms()) {
      assertThat(a.disagreement().n()).isEqualTo(r.tailFrames());
      assertThat(a.decisions()).hasSize(r.tailFrames());
    }
    // the HIL arm ran its forward passes on the chip runtime
    // 3,000 fine-tuning frames, one in 10 held out for the weight selection
    assertThat(r.chipRuntimeForwards()).isEqualTo(2_700);
    assertThat(r.throughput().chip()).isPositive();
    assertThat(log).anyMatch(l -> l.contains("Chip") && l.contains("epoch 1/1"));
    String report = ChipGapBenchmark.report(r);
    assertThat(report).contains("| TowardZero | HIL |").contains("HIL / QAT tail disagreement");
  }
}
