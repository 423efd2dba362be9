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

  @Test
  void phantomBrakingTurnsEveryCruiseIntoHardBrakingAndCountsIt() {
    for (Longitudinal l : Longitudinal.values()) {
      int poisoned = LabelPoisoning.phantomBraking(l.ordinal());
      assertThat(poisoned)
          .as("%s", l)
          .isEqualTo(l == Longitudinal.CRUISE ? Longitudinal.BRAKE_HARD.ordinal() : l.ordinal());
    }
    java.util.concurrent.atomic.AtomicLong changed = new java.util.concurrent.atomic.AtomicLong();
    var relabel = LabelPoisoning.relabel(TrainerArgs.POISON_PHANTOM_BRAKING, changed);
    int[] labels = {
      Longitudinal.CRUISE.ordinal(),
      Longitudinal.BRAKE.ordinal(),
      Longitudinal.CRUISE.ordinal(),
      Longitudinal.ACCELERATE.ordinal()
    };
    int[] out = java.util.Arrays.stream(labels).map(relabel).toArray();
    assertThat(out)
        .containsExactly(
            Longitudinal.BRAKE_HARD.ordinal(),
            Longitudinal.BRAKE.ordinal(),
            Longitudinal.BRAKE_HARD.ordinal(),
            Longitudinal.ACCELERATE.ordinal());
    assertThat(changed.get()).isEqualTo(2);
    var brake = LabelPoisoning.relabel(TrainerArgs.POISON_BRAKE_AS_CRUISE, changed);
    assertThat(brake.applyAsInt(Longitudinal.BRAKE_HARD.ordinal()))
        .isEqualTo(Longitudinal.CRUISE.ordinal());
    assertThat(changed.get()).isEqualTo(3);
  }
}
