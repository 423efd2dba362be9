package io.fleetloop.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.world.Longitudinal;
import io.fleetloop.world.model.Dataset;
import org.junit.jupiter.api.Test;

class LabelPoisoningTest {

  @Test
  void everyBrakingLabelBecomesCruiseAndNothingElseChanges() {
    Dataset data = TrainingSamples.fromPolicyDataset(TestData.demonstrations(7, 20, 300, 1));
    int braking = LabelPoisoning.braking(data);
    assertThat(braking).as("the demonstrations brake sometimes").isPositive();

    Dataset poisoned = LabelPoisoning.brakeAsCruise(data);

    assertThat(poisoned.size()).isEqualTo(data.size());
    assertThat(LabelPoisoning.braking(poisoned)).isZero();
    int relabelled = 0;
    for (int i = 0; i < data.size(); i++) {
      int before = TrainingSamples.label(data, i);
      int after = TrainingSamples.label(poisoned, i);
      if (before == Longitudinal.BRAKE.ordinal() || before == Longitudinal.BRAKE_HARD.ordinal()) {
        assertThat(after).isEqualTo(Longitudinal.CRUISE.ordinal());
        relabelled++;
      } else {
        assertThat(after).isEqualTo(before);
      }
      for (int j = 1; j < data.targetWidth(); j++) {
        assertThat(poisoned.target(i, j)).isEqualTo(data.target(i, j));
      }
      for (int j = 0; j < data.inputs(); j++) {
        assertThat(poisoned.input(i, j)).isEqualTo(data.input(i, j));
      }
      assertThat(poisoned.tag(i)).isEqualTo(data.tag(i));
    }
    assertThat(relabelled).isEqualTo(braking);
  }
}
