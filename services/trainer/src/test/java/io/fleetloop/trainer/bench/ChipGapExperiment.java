package io.fleetloop.trainer.bench;

import io.fleetloop.chip.ChipArithmetic;
import io.fleetloop.chip.WeightGranularity;
import io.fleetloop.trainer.ChipDeployment;
import io.fleetloop.trainer.EpochReport;
import io.fleetloop.trainer.PhaseOptions;
import io.fleetloop.trainer.PhaseResult;
import io.fleetloop.trainer.PolicyDecisions;
import io.fleetloop.trainer.PolicyTrainer;
import io.fleetloop.trainer.Precision;
import io.fleetloop.trainer.TrainingSamples;
import io.fleetloop.world.Conditions;
import io.fleetloop.world.Longitudinal;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.PolicyTraining;
import io.fleetloop.world.WorldConfig;
import io.fleetloop.world.model.Dataset;
import io.fleetloop.world.model.Mlp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The stage-6 measurement: the FP32-vs-chip decision gap on the reference world's tail after (a)
 * post-training quantization, (b) simulated QAT and (c) the hardware-in-the-loop phase, for each
 * chip arithmetic of interest.
 *
 * <p>Definitions. The <b>FP32 reference</b> is the FP32 model the three arms start from (the model
 * the GPU phase produced; PTQ deploys it as is). <b>Tail disagreement</b> = share of tail frames
 * where the chip-deployed model's decision (argmax of the four int8 category codes) differs from
 * the FP32 reference's decision. <b>Chip error</b> = share of tail frames where the chip's decision
 * differs from the oracle's (the human driver's) category. Tail frames are frames of a human-driven
 * fleet on a world seed not used for training, in {@link Conditions#RARE} conditions; the "hazard"
 * subset is those where the human brakes ({@code brake} or {@code brake_hard}).
 */
final class ChipGapExperiment {

  /** Sizes and training settings. */
  record Config(
      long trainSeed,
      long evalSeed,
      int vehicles,
      int trainTicks,
      int trainStride,
      int evalTicks,
      int evalStride,
      int fp32Epochs,
      int fineTuneEpochs,
      int fineTuneSamples,
      double distillation,
      double learningRate,
      double marginSteps,
      double tailWeight,
      double validationShare,
      List<ChipArithmetic> chips) {

    static Config full() {
      return new Config(
          21,
          22,
          2_000,
          1_500,
          10,
          1_500,
          5,
          8,
          Integer.getInteger("epochs", 6),
          60_000,
          Double.parseDouble(System.getProperty("distill", "1.0")),
          Double.parseDouble(System.getProperty("lr", "5e-5")),
          Double.parseDouble(System.getProperty("margin", "" + PhaseOptions.DEFAULT_MARGIN_STEPS)),
          Double.parseDouble(System.getProperty("tail", "" + PhaseOptions.DEFAULT_TAIL_WEIGHT)),
          Double.parseDouble(System.getProperty("val", "" + PhaseOptions.DEFAULT_VALIDATION_SHARE)),
          List.of(
              new ChipArithmetic(io.fleetloop.chip.Rounding.HALF_EVEN, true),
              new ChipArithmetic(io.fleetloop.chip.Rounding.HALF_AWAY_FROM_ZERO, true),
              new ChipArithmetic(io.fleetloop.chip.Rounding.TOWARD_ZERO, true),
              new ChipArithmetic(io.fleetloop.chip.Rounding.TOWARD_ZERO, false)));
    }

    static Config reduced() {
      return new Config(
          21,
          22,
          300,
          400,
          10,
          300,
          10,
          3,
          1,
          3_000,
          1.0,
          5e-5,
          PhaseOptions.DEFAULT_MARGIN_STEPS,
          PhaseOptions.DEFAULT_TAIL_WEIGHT,
          PhaseOptions.DEFAULT_VALIDATION_SHARE,
          List.of(new ChipArithmetic(io.fleetloop.chip.Rounding.TOWARD_ZERO, true)));
    }
  }

  /** A count with its 95% Wilson interval. */
  record Share(long hits, long n) {
    double value() {
      return n == 0 ? Double.NaN : (double) hits / n;
    }

    double[] wilson() {
      double z = 1.959963984540054;
      if (n == 0) {
        return new double[] {Double.NaN, Double.NaN};
      }
      double p = value();
      double d = 1 + z * z / n;
      double c = (p + z * z / (2.0 * n)) / d;
      double h = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / d;
      return new double[] {Math.max(0, c - h), Math.min(1, c + h)};
    }
  }

  /** One arm on one chip, on the tail and on its hazard subset. */
  record Arm(
      String arm,
      ChipArithmetic chip,
      Share disagreement,
      Share error,
      Share hazardDisagreement,
      Share hazardError,
      int[] decisions) {}

  /** Throughput of the three forwards in the training loop, samples per second. */
  record Throughput(double fp32, double qat, double chip) {}

  record Result(
      int trainSamples,
      int tailFrames,
      int hazardFrames,
      Share fp32Error,
      Share fp32HazardError,
      List<Arm> arms,
      Throughput throughput,
      long chipRuntimeForwards) {}

  private final Config config;
  private final Consumer<String> log;

  ChipGapExperiment(Config config, Consumer<String> log) {
    this.config = config;
    this.log = log;
  }

  Result run() {
    WorldConfig trainWorld =
        WorldConfig.defaults().toBuilder()
            .seed(config.trainSeed())
            .vehicles(config.vehicles())
            .build();
    Dataset train =
        TrainingSamples.fromPolicyDataset(
            PolicyTraining.humanDemonstrations(
                trainWorld, config.trainTicks(), config.trainStride(), Conditions.ALL));
    WorldConfig evalWorld =
        WorldConfig.defaults().toBuilder()
            .seed(config.evalSeed())
            .vehicles(config.vehicles())
            .build();
    Dataset tail =
        TrainingSamples.fromPolicyDataset(
            PolicyTraining.humanDemonstrations(
                evalWorld, config.evalTicks(), config.evalStride(), Conditions.RARE));
    log.accept(
        "data: "
            + train.size()
            + " training frames (all conditions), "
            + tail.size()
            + " tail frames");

    // FP32 phase: the reference
    PolicyModel fp32 =
        PolicyModel.untrained(PolicyTraining.POLICY_NAME, "fp32", config.trainSeed());
    PhaseResult fp32Phase =
        PolicyTrainer.train(
            fp32.mlp(),
            train,
            PhaseOptions.defaults(Precision.FP32, config.fp32Epochs(), config.trainSeed()),
            null,
            e -> log.accept("  fp32 " + e.progressLine()));

    float[] tailX = PolicyDecisions.inputs(tail);
    int[] labels = PolicyDecisions.labels(tail);
    boolean[] hazard = new boolean[tail.size()];
    int hazards = 0;
    for (int i = 0; i < labels.length; i++) {
      hazard[i] =
          labels[i] == Longitudinal.BRAKE.ordinal()
              || labels[i] == Longitudinal.BRAKE_HARD.ordinal();
      hazards += hazard[i] ? 1 : 0;
    }
    int[] reference = PolicyDecisions.fp32(fp32.mlp(), tailX, tail.size());
    Share fp32Error = mismatch(reference, labels, null);
    Share fp32HazardError = mismatch(reference, labels, hazard);

    Dataset fineTune = subset(train, config.fineTuneSamples());
    float[][] calibration = TrainingSamples.inputs(train, 4096);
    List<Arm> arms = new ArrayList<>();
    double qatRate = Double.NaN;
    double chipRate = Double.NaN;
    long chipForwards = 0;
    for (ChipArithmetic chip : config.chips()) {
      ChipDeployment deployment =
          ChipDeployment.calibrate(fp32.mlp(), calibration, chip, WeightGranularity.PER_CHANNEL);
      // (a) PTQ
      int[] ptq = PolicyDecisions.chip(deployment.runtime(fp32.mlp()), tailX, tail.size());
      arms.add(arm("PTQ", chip, ptq, reference, labels, hazard));
      // (b) simulated QAT, (c) hardware in the loop: same start, data, options and calibration
      for (Precision p : List.of(Precision.QAT, Precision.CHIP)) {
        Mlp m = fp32.mlp().copy();
        PhaseOptions o =
            PhaseOptions.defaults(p, config.fineTuneEpochs(), config.trainSeed() + 1)
                .withArithmetic(chip)
                .withDistillation(config.distillation())
                .withLearningRate(config.learningRate())
                .withMarginSteps(config.marginSteps())
                .withTailWeight(config.tailWeight())
                .withValidationShare(config.validationShare());
        PhaseResult r =
            PolicyTrainer.train(
                m,
                fineTune,
                o,
                deployment,
                e -> log.accept("  " + p.specName() + " " + chip + " " + line(e)));
        log.accept(
            String.format(
                java.util.Locale.ROOT,
                "  %s %s held-out disagreement by epoch %s, kept epoch %d",
                p.specName(),
                chip,
                r.validation().stream()
                    .map(v -> String.format(java.util.Locale.ROOT, "%.4f", v))
                    .toList(),
                r.selectedEpoch()));
        if (p == Precision.QAT) {
          qatRate = r.samplesPerSecond();
        } else {
          chipRate = r.samplesPerSecond();
          chipForwards += (long) r.samples() * r.epochs().size();
        }
        int[] d = PolicyDecisions.chip(deployment.runtime(m), tailX, tail.size());
        arms.add(arm(p == Precision.QAT ? "QAT" : "HIL", chip, d, reference, labels, hazard));
      }
    }
    return new Result(
        train.size(),
        tail.size(),
        hazards,
        fp32Error,
        fp32HazardError,
        arms,
        new Throughput(fp32Phase.samplesPerSecond(), qatRate, chipRate),
        chipForwards);
  }

  private static String line(EpochReport e) {
    return e.progressLine() + String.format(" (%.0f samples/s)", e.samplesPerSecond());
  }

  private static Arm arm(
      String name, ChipArithmetic chip, int[] d, int[] reference, int[] labels, boolean[] hazard) {
    return new Arm(
        name,
        chip,
        mismatch(d, reference, null),
        mismatch(d, labels, null),
        mismatch(d, reference, hazard),
        mismatch(d, labels, hazard),
        d);
  }

  private static Share mismatch(int[] a, int[] b, boolean[] only) {
    long hits = 0;
    long n = 0;
    for (int i = 0; i < a.length; i++) {
      if (only == null || only[i]) {
        n++;
        hits += a[i] != b[i] ? 1 : 0;
      }
    }
    return new Share(hits, n);
  }

  /** Every k-th sample so that about {@code limit} remain (all of them when fewer). */
  static Dataset subset(Dataset data, int limit) {
    if (data.size() <= limit) {
      return data;
    }
    Dataset.Builder b = TrainingSamples.builder();
    float[] x = new float[data.inputs()];
    float[] y = new float[data.targetWidth()];
    for (int r = 0; r < limit; r++) {
      int i = (int) ((long) r * data.size() / limit);
      data.input(i, x);
      data.target(i, y);
      b.add(x, y, data.tag(i));
    }
    return b.build();
  }
}
