package io.fleetloop.trainer;

import io.fleetloop.chip.ChipArithmetic;
import io.fleetloop.chip.WeightGranularity;
import java.util.Objects;

/**
 * The settings of one training phase.
 *
 * @param precision what the forward pass computes with
 * @param epochs passes over the data
 * @param batchSize samples per update
 * @param learningRate peak Adam step size (cosine schedule down to 5% of it)
 * @param seed shuffle seed (everything else is deterministic too)
 * @param arithmetic the chip's arithmetic (QAT: the chip the model is deployed on; Chip: the chip
 *     in the loop); ignored by FP32
 * @param granularity weight scales per channel or per layer
 * @param distillation weight α of the FP32 teacher (the phase's start model) in QAT and Chip
 *     phases, in [0, 1]
 * @param calibrationSamples how many samples calibrate the activation ranges
 */
public record PhaseOptions(
    Precision precision,
    int epochs,
    int batchSize,
    double learningRate,
    long seed,
    ChipArithmetic arithmetic,
    WeightGranularity granularity,
    double distillation,
    int calibrationSamples) {
  public PhaseOptions {
    Objects.requireNonNull(precision, "precision");
    Objects.requireNonNull(arithmetic, "arithmetic");
    Objects.requireNonNull(granularity, "granularity");
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, not " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, not " + batchSize);
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learning rate must be positive, not " + learningRate);
    }
    if (!(distillation >= 0 && distillation <= 1)) {
      throw new IllegalArgumentException("distillation must be in [0, 1], not " + distillation);
    }
    if (calibrationSamples < 1) {
      throw new IllegalArgumentException("calibration needs at least one sample");
    }
  }

  /**
   * Defaults per precision: FP32 trains from scratch (Adam 3e-3, batch 64); QAT and Chip fine-tune
   * (Adam 2e-4, batch 32, distillation 1: the FP32 start model's decisions are the target) on a
   * HalfEven saturating chip, per-channel weights. The fine-tuning settings are those of the
   * measurement in docs/training.md (a larger step or label-weighted loss drifted further from the
   * FP32 model).
   */
  public static PhaseOptions defaults(Precision precision, int epochs, long seed) {
    return precision == Precision.FP32
        ? new PhaseOptions(
            precision,
            epochs,
            64,
            3e-3,
            seed,
            ChipArithmetic.defaults(),
            WeightGranularity.PER_CHANNEL,
            0,
            4096)
        : new PhaseOptions(
            precision,
            epochs,
            32,
            2e-4,
            seed,
            ChipArithmetic.defaults(),
            WeightGranularity.PER_CHANNEL,
            1.0,
            4096);
  }

  public PhaseOptions withArithmetic(ChipArithmetic value) {
    return new PhaseOptions(
        precision,
        epochs,
        batchSize,
        learningRate,
        seed,
        value,
        granularity,
        distillation,
        calibrationSamples);
  }

  public PhaseOptions withLearningRate(double value) {
    return new PhaseOptions(
        precision,
        epochs,
        batchSize,
        value,
        seed,
        arithmetic,
        granularity,
        distillation,
        calibrationSamples);
  }

  public PhaseOptions withBatchSize(int value) {
    return new PhaseOptions(
        precision,
        epochs,
        value,
        learningRate,
        seed,
        arithmetic,
        granularity,
        distillation,
        calibrationSamples);
  }

  public PhaseOptions withDistillation(double value) {
    return new PhaseOptions(
        precision,
        epochs,
        batchSize,
        learningRate,
        seed,
        arithmetic,
        granularity,
        value,
        calibrationSamples);
  }
}
