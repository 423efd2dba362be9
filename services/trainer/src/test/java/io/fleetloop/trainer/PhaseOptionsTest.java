package io.fleetloop.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetloop.chip.ChipArithmetic;
import org.junit.jupiter.api.Test;

class PhaseOptionsTest {

  private final PhaseOptions base = PhaseOptions.defaults(Precision.CHIP, 3, 7);

  @Test
  void eachWithMethodChangesItsOwnSettingAndNothingElse() {
    ChipArithmetic arithmetic = ChipArithmetic.defaults();
    PhaseOptions all =
        base.withEpochs(9)
            .withBatchSize(16)
            .withLearningRate(1e-4)
            .withArithmetic(arithmetic)
            .withDistillation(0.25)
            .withMarginSteps(2)
            .withTailWeight(3)
            .withValidationShare(0.2)
            .withFp32Anchor(0.5);

    assertThat(all)
        .isEqualTo(
            new PhaseOptions(
                Precision.CHIP,
                9,
                16,
                1e-4,
                7,
                arithmetic,
                base.granularity(),
                0.25,
                base.calibrationSamples(),
                2,
                3,
                0.2,
                0.5));
    assertThat(base.withFp32Anchor(0.5))
        .isEqualTo(
            new PhaseOptions(
                base.precision(),
                base.epochs(),
                base.batchSize(),
                base.learningRate(),
                base.seed(),
                base.arithmetic(),
                base.granularity(),
                base.distillation(),
                base.calibrationSamples(),
                base.marginSteps(),
                base.tailWeight(),
                base.validationShare(),
                0.5));
  }

  @Test
  void aWithMethodIsValidatedLikeTheConstructor() {
    assertThatThrownBy(() -> base.withEpochs(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epochs");
  }
}
