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
 * @param marginSteps QAT and Chip: the decision margin, in output quantization steps, that the
 *     hinge term of {@link PolicyObjective} asks of the reference class's logit over every other
 *     class's, on the phase's own (quantized) forward; 0 turns the hinge off
 * @param tailWeight QAT and Chip: loss multiplier of samples in rare conditions ({@code
 *     Conditions.RARE}); 1 weighs every condition alike
 * @param validationShare QAT and Chip: share of the samples held out (every k-th) to select the
 *     weights: after every epoch, and for the start weights as epoch 0, the share of held-out
 *     samples whose decision under the phase's forward differs from the FP32 reference's is
 *     measured and the phase keeps the best; 0 trains on everything and keeps the last epoch
 * @param fp32Anchor QAT and Chip: weight of the FP32 anchor, a second term of the loss that keeps
 *     the FP32 forward of the phase's weights deciding (and steering) like the FP32 start model,
 *     and with it the weight selection scores both forwards; 0 leaves the FP32 forward
 *     unconstrained (the chip's clipped straight-through gradient never sees it where activations
 *     saturate, and the model the simulated fleet drives is the FP32 forward of the artifact:
 *     docs/training.md, "The FP32 anchor")
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
    int calibrationSamples,
    double marginSteps,
    double tailWeight,
    double validationShare,
    double fp32Anchor) {
  /** Default decision margin of QAT and Chip phases, in output quantization steps. */
  public static final double DEFAULT_MARGIN_STEPS = 1.0;

  /** Default loss multiplier of rare-condition samples in QAT and Chip phases. */
  public static final double DEFAULT_TAIL_WEIGHT = 2.0;

  /** Default held-out share for weight selection in QAT and Chip phases. */
  public static final double DEFAULT_VALIDATION_SHARE = 0.1;

  /**
   * The trainer container's weight of the FP32 anchor in QAT and Chip phases ({@code TrainerArgs}
   * without {@code --fp32-anchor}; decision 0012). {@link #defaults} leave the anchor off, so
   * library callers that deploy the FP32 master themselves (libs/reference-loop) train as before.
   */
  public static final double DEFAULT_FP32_ANCHOR = 1.0;

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
    if (!(marginSteps >= 0 && marginSteps <= 64)) {
      throw new IllegalArgumentException("margin must be in [0, 64] steps, not " + marginSteps);
    }
    if (!(tailWeight > 0 && tailWeight <= 100)) {
      throw new IllegalArgumentException("tail weight must be in (0, 100], not " + tailWeight);
    }
    if (!(validationShare >= 0 && validationShare <= 0.5)) {
      throw new IllegalArgumentException(
          "validation share must be in [0, 0.5], not " + validationShare);
    }
    if (!(fp32Anchor >= 0 && fp32Anchor <= 100)) {
      throw new IllegalArgumentException("FP32 anchor must be in [0, 100], not " + fp32Anchor);
    }
  }

  /**
   * Defaults per precision: FP32 trains from scratch (Adam 3e-3, batch 64); QAT and Chip fine-tune
   * (Adam 5e-5, batch 32, distillation 1: the FP32 start model's decisions are the target, a margin
   * hinge of {@value #DEFAULT_MARGIN_STEPS} output step, rare conditions weighted {@value
   * #DEFAULT_TAIL_WEIGHT}×, {@value #DEFAULT_VALIDATION_SHARE} of the samples held out to keep the
   * best epoch) on a HalfEven saturating chip, per-channel weights. The step size is the one whose
   * best held-out disagreement was lowest in the measurement of docs/training.md (5e-5 against
   * 2e-4; the larger step makes the held-out disagreement jump between epochs). No FP32 anchor (the
   * trainer container adds {@link #DEFAULT_FP32_ANCHOR}).
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
            4096,
            0,
            1,
            0,
            0)
        : new PhaseOptions(
            precision,
            epochs,
            32,
            5e-5,
            seed,
            ChipArithmetic.defaults(),
            WeightGranularity.PER_CHANNEL,
            1.0,
            4096,
            DEFAULT_MARGIN_STEPS,
            DEFAULT_TAIL_WEIGHT,
            DEFAULT_VALIDATION_SHARE,
            0);
  }

  public PhaseOptions withArithmetic(ChipArithmetic value) {
    return with(c -> c.arithmetic = value);
  }

  public PhaseOptions withLearningRate(double value) {
    return with(c -> c.learningRate = value);
  }

  public PhaseOptions withBatchSize(int value) {
    return with(c -> c.batchSize = value);
  }

  public PhaseOptions withDistillation(double value) {
    return with(c -> c.distillation = value);
  }

  public PhaseOptions withEpochs(int value) {
    return with(c -> c.epochs = value);
  }

  public PhaseOptions withMarginSteps(double value) {
    return with(c -> c.marginSteps = value);
  }

  public PhaseOptions withTailWeight(double value) {
    return with(c -> c.tailWeight = value);
  }

  public PhaseOptions withValidationShare(double value) {
    return with(c -> c.validationShare = value);
  }

  public PhaseOptions withFp32Anchor(double value) {
    return with(c -> c.fp32Anchor = value);
  }

  /** A copy of these options with {@code change} applied (the with-methods above). */
  private PhaseOptions with(java.util.function.Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return new PhaseOptions(
        c.precision,
        c.epochs,
        c.batchSize,
        c.learningRate,
        c.seed,
        c.arithmetic,
        c.granularity,
        c.distillation,
        c.calibrationSamples,
        c.marginSteps,
        c.tailWeight,
        c.validationShare,
        c.fp32Anchor);
  }

  /** The mutable copy a with-method changes. */
  private static final class Copy {
    Precision precision;
    int epochs;
    int batchSize;
    double learningRate;
    long seed;
    ChipArithmetic arithmetic;
    WeightGranularity granularity;
    double distillation;
    int calibrationSamples;
    double marginSteps;
    double tailWeight;
    double validationShare;
    double fp32Anchor;

    Copy(PhaseOptions o) {
      precision = o.precision;
      epochs = o.epochs;
      batchSize = o.batchSize;
      learningRate = o.learningRate;
      seed = o.seed;
      arithmetic = o.arithmetic;
      granularity = o.granularity;
      distillation = o.distillation;
      calibrationSamples = o.calibrationSamples;
      marginSteps = o.marginSteps;
      tailWeight = o.tailWeight;
      validationShare = o.validationShare;
      fp32Anchor = o.fp32Anchor;
    }
  }
}
