package io.fleetloop.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetloop.chip.ChipArithmetic;
import io.fleetloop.chip.Rounding;
import io.fleetloop.chip.WeightGranularity;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.PolicyTraining;
import io.fleetloop.world.model.Dataset;
import io.fleetloop.world.model.Mlp;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChipDeploymentTest {
  @Test
  void theDeploymentTravelsInArtifactMetadataBitExactly() {
    Dataset data = TestData.demonstrations(3, 50, 100, 5);
    Mlp mlp = PolicyModel.untrained(PolicyTraining.POLICY_NAME, "t", 1).mlp();
    ChipDeployment d =
        ChipDeployment.calibrate(
            mlp,
            TrainingSamples.inputs(data, 500),
            new ChipArithmetic(Rounding.TOWARD_ZERO, false),
            WeightGranularity.PER_CHANNEL);
    Map<String, String> meta = d.toMetadata();
    ChipDeployment back = ChipDeployment.fromMetadata(meta);
    assertThat(back).isEqualTo(d);
    // the same chip model, code for code
    float[] x = PolicyDecisions.inputs(data);
    assertThat(PolicyDecisions.chip(back.runtime(mlp), x, data.size()))
        .containsExactly(PolicyDecisions.chip(d.runtime(mlp), x, data.size()));
  }

  @Test
  void metadataWithoutACalibrationIsRefused() {
    assertThatThrownBy(() -> ChipDeployment.fromMetadata(Map.of()))
        .hasMessageContaining("no chip calibration");
  }
}
