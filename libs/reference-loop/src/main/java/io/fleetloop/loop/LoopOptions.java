package io.fleetloop.loop;

import java.util.List;

/**
 * The settings of one {@link ReferenceLoop} run.
 *
 * @param generations generations measured (generation 0 included); {@code generations - 1} are
 *     trained
 * @param vehicles vehicles of the driving fleet
 * @param seed the run's seed: every world, sampling stream and shuffle derives from it
 * @param driveTicks ticks (100 ms each) the fleet drives per generation
 * @param demoVehicles human-driven vehicles whose common-condition demonstrations train generation
 *     0
 * @param demoTicks ticks of those demonstrations
 * @param fp32Epochs epochs of the FP32 phase per generation
 * @param fp32LearningRate peak step size of the FP32 fine-tuning (cosine schedule)
 * @param chipEpochs epochs of the hardware-in-the-loop Chip phase per generation; 0 skips the phase
 *     (post-training quantization: the deployment is calibrated on the FP32 model)
 * @param chipSamples samples of the Chip phase (spread over the dataset)
 * @param maxSamples cap of the cumulative training set (frames are thinned evenly above it)
 * @param maxClipsPerGeneration cap of the clips a generation adds to the dataset (taken evenly)
 * @param maxChipDisagreement the validation gate on the chip-vs-FP32 decision disagreement on the
 *     tail suite
 * @param suiteVehicles vehicles of each validation suite's world
 * @param suiteTicks ticks of each validation suite's world
 * @param stageFractions the rollout stages: share of the fleet on the candidate, in order
 * @param stageMinKm candidate km after which a rollout stage passes if nothing was found
 * @param rolloutChunkTicks ticks between two looks of the stage analysis
 * @param rolloutMaxLooks looks per stage before an inconclusive stage stops the rollout
 * @param poisonAt the generation whose candidate is trained on poisoned labels (braking relabelled
 *     as cruising) and sent to rollout without its validation verdict; -1 for none
 * @param learnedCodec encode clips with the learned codec (trained on generation 0), else raw
 * @param threads simulator threads
 */
public record LoopOptions(
    int generations,
    int vehicles,
    long seed,
    int driveTicks,
    int demoVehicles,
    int demoTicks,
    int fp32Epochs,
    double fp32LearningRate,
    int chipEpochs,
    int chipSamples,
    int maxSamples,
    int maxClipsPerGeneration,
    double maxChipDisagreement,
    int suiteVehicles,
    int suiteTicks,
    List<Double> stageFractions,
    double stageMinKm,
    int rolloutChunkTicks,
    int rolloutMaxLooks,
    int poisonAt,
    boolean learnedCodec,
    int threads) {

  /** Checks ranges. */
  public LoopOptions {
    if (generations < 1) {
      throw new IllegalArgumentException("need at least one generation, got " + generations);
    }
    if (vehicles < 10) {
      throw new IllegalArgumentException("need at least 10 vehicles, got " + vehicles);
    }
    if (driveTicks < 100 || demoTicks < 100 || suiteTicks < 100 || rolloutChunkTicks < 10) {
      throw new IllegalArgumentException("tick counts are too small to measure anything");
    }
    if (!(maxChipDisagreement > 0 && maxChipDisagreement <= 1)) {
      throw new IllegalArgumentException(
          "the chip disagreement gate must be in (0, 1], got " + maxChipDisagreement);
    }
    if (!(fp32LearningRate > 0) || fp32Epochs < 1 || chipEpochs < 0 || chipSamples < 100) {
      throw new IllegalArgumentException("training settings must be positive");
    }
    stageFractions = List.copyOf(stageFractions);
    if (stageFractions.isEmpty() || stageFractions.stream().anyMatch(f -> !(f > 0 && f < 1))) {
      throw new IllegalArgumentException(
          "rollout stage fractions must be in (0, 1), got " + stageFractions);
    }
    if (poisonAt == 0 || poisonAt >= generations) {
      throw new IllegalArgumentException(
          "the poisoned candidate must be a trained generation in 1.."
              + (generations - 1)
              + ", got "
              + poisonAt);
    }
  }

  /**
   * The reference settings for {@code vehicles} vehicles: 2-minute drives, 4 FP32 epochs and two
   * Chip epochs (on 50,000 samples) per generation, rollout stages at 10% and 50% of the fleet with
   * {@code vehicles / 10} km (at least 30) per stage.
   */
  public static LoopOptions defaults(int generations, int vehicles, long seed) {
    return new LoopOptions(
        generations,
        vehicles,
        seed,
        1_200,
        Math.min(vehicles, 2_000),
        800,
        4,
        3e-3,
        2,
        50_000,
        300_000,
        Math.max(500, vehicles / 2),
        0.10,
        300,
        600,
        List.of(0.1, 0.5),
        Math.max(30, vehicles / 10.0),
        300,
        8,
        -1,
        true,
        2);
  }

  /** These options with the poisoned candidate at generation {@code g} (-1: none). */
  public LoopOptions withPoisonAt(int g) {
    return with(b -> b.poisonAt = g);
  }

  /** These options with {@code ticks} driving ticks per generation. */
  public LoopOptions withDriveTicks(int ticks) {
    return with(b -> b.driveTicks = ticks);
  }

  /** These options with (or without) the learned codec. */
  public LoopOptions withLearnedCodec(boolean value) {
    return with(b -> b.learnedCodec = value);
  }

  /** These options with {@code value} simulator threads. */
  public LoopOptions withThreads(int value) {
    return with(b -> b.threads = value);
  }

  /** These options with a Chip phase of {@code epochs} epochs on {@code samples} samples. */
  public LoopOptions withChipPhase(int epochs, int samples) {
    return with(
        b -> {
          b.chipEpochs = epochs;
          b.chipSamples = samples;
        });
  }

  /** These options with an FP32 fine-tuning peak step size of {@code value}. */
  public LoopOptions withFp32LearningRate(double value) {
    return with(b -> b.fp32LearningRate = value);
  }

  /** These options with the validation gate on chip disagreement at {@code value}. */
  public LoopOptions withMaxChipDisagreement(double value) {
    return with(b -> b.maxChipDisagreement = value);
  }

  /** A copy of these options with {@code change} applied (the with-methods above). */
  private LoopOptions with(java.util.function.Consumer<Copy> change) {
    Copy b = new Copy(this);
    change.accept(b);
    return new LoopOptions(
        b.generations,
        b.vehicles,
        b.seed,
        b.driveTicks,
        b.demoVehicles,
        b.demoTicks,
        b.fp32Epochs,
        b.fp32LearningRate,
        b.chipEpochs,
        b.chipSamples,
        b.maxSamples,
        b.maxClipsPerGeneration,
        b.maxChipDisagreement,
        b.suiteVehicles,
        b.suiteTicks,
        b.stageFractions,
        b.stageMinKm,
        b.rolloutChunkTicks,
        b.rolloutMaxLooks,
        b.poisonAt,
        b.learnedCodec,
        b.threads);
  }

  /** The mutable copy a with-method changes. */
  private static final class Copy {
    int generations;
    int vehicles;
    long seed;
    int driveTicks;
    int demoVehicles;
    int demoTicks;
    int fp32Epochs;
    double fp32LearningRate;
    int chipEpochs;
    int chipSamples;
    int maxSamples;
    int maxClipsPerGeneration;
    double maxChipDisagreement;
    int suiteVehicles;
    int suiteTicks;
    List<Double> stageFractions;
    double stageMinKm;
    int rolloutChunkTicks;
    int rolloutMaxLooks;
    int poisonAt;
    boolean learnedCodec;
    int threads;

    Copy(LoopOptions o) {
      generations = o.generations;
      vehicles = o.vehicles;
      seed = o.seed;
      driveTicks = o.driveTicks;
      demoVehicles = o.demoVehicles;
      demoTicks = o.demoTicks;
      fp32Epochs = o.fp32Epochs;
      fp32LearningRate = o.fp32LearningRate;
      chipEpochs = o.chipEpochs;
      chipSamples = o.chipSamples;
      maxSamples = o.maxSamples;
      maxClipsPerGeneration = o.maxClipsPerGeneration;
      maxChipDisagreement = o.maxChipDisagreement;
      suiteVehicles = o.suiteVehicles;
      suiteTicks = o.suiteTicks;
      stageFractions = o.stageFractions;
      stageMinKm = o.stageMinKm;
      rolloutChunkTicks = o.rolloutChunkTicks;
      rolloutMaxLooks = o.rolloutMaxLooks;
      poisonAt = o.poisonAt;
      learnedCodec = o.learnedCodec;
      threads = o.threads;
    }
  }
}
