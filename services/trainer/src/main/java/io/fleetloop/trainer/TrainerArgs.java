package io.fleetloop.trainer;

import io.fleetloop.chip.ChipArithmetic;
import io.fleetloop.chip.Rounding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The trainer entrypoint's arguments (contract C):
 *
 * <pre>
 * --phase NAME --precision FP32|QAT|Chip --epochs N --dataset s3://…/manifest.json
 * --dataset-id sha256:… --output s3://prefix [--base s3://…/model.flm]
 * [--rounding HalfEven|HalfAwayFromZero|TowardZero] [--saturate true|false] [--seed N]
 * [--codec s3://…]… [--distillation A] [--learning-rate LR] [--batch-size B]
 * [--fp32-anchor W] [--poison-labels brake-as-cruise|phantom-braking]
 * </pre>
 *
 * @param distillation the FP32 teacher's weight in QAT/Chip phases (empty: the default)
 * @param learningRate peak step size (empty: the precision's default)
 * @param batchSize samples per update (empty: the precision's default)
 * @param fp32Anchor QAT/Chip phases: the weight of the FP32 anchor ({@link
 *     PhaseOptions#fp32Anchor()}; empty: {@link PhaseOptions#DEFAULT_FP32_ANCHOR}, 0 turns it off)
 * @param poisonLabels DEMO/TEST ONLY: a deliberate label-poisoning attack on the dataset ({@value
 *     #POISON_BRAKE_AS_CRUISE}: every braking label relabelled as cruising, {@link
 *     LabelPoisoning}), so that a rollout can be shown catching a bad model; empty: the labels as
 *     curated
 */
public record TrainerArgs(
    String phase,
    Precision precision,
    int epochs,
    S3Uri dataset,
    String datasetId,
    Optional<S3Uri> base,
    S3Uri output,
    ChipArithmetic arithmetic,
    long seed,
    List<S3Uri> codecs,
    Optional<Double> distillation,
    Optional<Double> learningRate,
    Optional<Integer> batchSize,
    Optional<Double> fp32Anchor,
    Optional<String> poisonLabels) {

  /** The one label poisoning {@code --poison-labels} knows: braking relabelled as cruising. */
  public static final String POISON_BRAKE_AS_CRUISE = "brake-as-cruise";

  /** The other: cruising relabelled as hard braking (a model that brakes for nothing). */
  public static final String POISON_PHANTOM_BRAKING = "phantom-braking";

  /** The usage text printed with an argument error. */
  public static final String USAGE =
      "usage: trainer --phase NAME --precision FP32|QAT|Chip --epochs N"
          + " --dataset s3://BUCKET/datasets/HEX/manifest.json --dataset-id sha256:HEX"
          + " --output s3://BUCKET/PREFIX [--base s3://BUCKET/.../model.flm]"
          + " [--rounding HalfEven|HalfAwayFromZero|TowardZero] [--saturate true|false]"
          + " [--seed N] [--codec s3://BUCKET/.../codec.flc]... [--distillation 0..1]"
          + " [--learning-rate LR] [--batch-size B] [--fp32-anchor W]"
          + " [--poison-labels brake-as-cruise|phantom-braking]";

  /** Bad command-line arguments (exit code 2). */
  public static final class ArgumentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ArgumentException(String message) {
      super(message);
    }
  }

  /**
   * Parses the command line.
   *
   * @throws ArgumentException with a message naming the argument
   */
  public static TrainerArgs parse(String[] args) {
    String phase = null;
    String precision = null;
    String epochs = null;
    String dataset = null;
    String datasetId = null;
    String base = null;
    String output = null;
    String rounding = "HalfEven";
    String saturate = "true";
    String seed = "1";
    String distillation = null;
    String learningRate = null;
    String batchSize = null;
    String fp32Anchor = null;
    String poisonLabels = null;
    List<S3Uri> codecs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (!name.startsWith("--")) {
        throw new ArgumentException("unexpected argument '" + name + "'");
      }
      if (i + 1 >= args.length) {
        throw new ArgumentException(name + " needs a value");
      }
      String value = args[++i];
      switch (name) {
        case "--phase" -> phase = value;
        case "--precision" -> precision = value;
        case "--epochs" -> epochs = value;
        case "--dataset" -> dataset = value;
        case "--dataset-id" -> datasetId = value;
        case "--base" -> base = value;
        case "--output" -> output = value;
        case "--rounding" -> rounding = value;
        case "--saturate" -> saturate = value;
        case "--seed" -> seed = value;
        case "--codec" -> codecs.add(uri("--codec", value));
        case "--distillation" -> distillation = value;
        case "--learning-rate" -> learningRate = value;
        case "--batch-size" -> batchSize = value;
        case "--fp32-anchor" -> fp32Anchor = value;
        case "--poison-labels" -> poisonLabels = value;
        default -> throw new ArgumentException("unknown option " + name);
      }
    }
    require("--phase", phase);
    require("--precision", precision);
    require("--epochs", epochs);
    require("--dataset", dataset);
    require("--dataset-id", datasetId);
    require("--output", output);
    if (!datasetId.matches("sha256:[0-9a-f]{64}")) {
      throw new ArgumentException("--dataset-id must be sha256:<64 hex>, not '" + datasetId + "'");
    }
    Precision p;
    try {
      p = Precision.fromSpec(precision);
    } catch (IllegalArgumentException e) {
      throw new ArgumentException("--precision: " + e.getMessage());
    }
    int n = integer("--epochs", epochs);
    if (n < 1) {
      throw new ArgumentException("--epochs must be at least 1, not " + n);
    }
    Rounding r;
    try {
      r = Rounding.fromSpec(rounding);
    } catch (IllegalArgumentException e) {
      throw new ArgumentException("--rounding: " + e.getMessage());
    }
    if (!saturate.equals("true") && !saturate.equals("false")) {
      throw new ArgumentException("--saturate must be true or false, not '" + saturate + "'");
    }
    long s;
    try {
      s = Long.parseLong(seed);
    } catch (NumberFormatException e) {
      throw new ArgumentException("--seed must be an integer, not '" + seed + "'");
    }
    Optional<Double> d = Optional.ofNullable(distillation).map(v -> number("--distillation", v));
    if (d.isPresent() && !(d.get() >= 0 && d.get() <= 1)) {
      throw new ArgumentException("--distillation must be in [0, 1], not " + d.get());
    }
    Optional<Double> lr = Optional.ofNullable(learningRate).map(v -> number("--learning-rate", v));
    if (lr.isPresent() && !(lr.get() > 0)) {
      throw new ArgumentException("--learning-rate must be positive, not " + lr.get());
    }
    Optional<Integer> bs = Optional.ofNullable(batchSize).map(v -> integer("--batch-size", v));
    if (bs.isPresent() && bs.get() < 1) {
      throw new ArgumentException("--batch-size must be at least 1, not " + bs.get());
    }
    Optional<Double> anchor = Optional.ofNullable(fp32Anchor).map(v -> number("--fp32-anchor", v));
    if (anchor.isPresent() && !(anchor.get() >= 0 && anchor.get() <= 100)) {
      throw new ArgumentException("--fp32-anchor must be in [0, 100], not " + anchor.get());
    }
    if (poisonLabels != null
        && !poisonLabels.equals(POISON_BRAKE_AS_CRUISE)
        && !poisonLabels.equals(POISON_PHANTOM_BRAKING)) {
      throw new ArgumentException(
          "--poison-labels knows only "
              + POISON_BRAKE_AS_CRUISE
              + " and "
              + POISON_PHANTOM_BRAKING
              + " (deliberate attacks for demos and tests), not '"
              + poisonLabels
              + "'");
    }
    return new TrainerArgs(
        phase,
        p,
        n,
        uri("--dataset", dataset),
        datasetId,
        Optional.ofNullable(base).map(v -> uri("--base", v)),
        uri("--output", output),
        new ChipArithmetic(r, Boolean.parseBoolean(saturate)),
        s,
        List.copyOf(codecs),
        d,
        lr,
        bs,
        anchor,
        Optional.ofNullable(poisonLabels));
  }

  /**
   * The phase options these arguments ask for: the precision's defaults with the arguments given,
   * and for QAT and Chip the FP32 anchor ({@link PhaseOptions#DEFAULT_FP32_ANCHOR} unless {@code
   * --fp32-anchor} says otherwise).
   */
  public PhaseOptions phaseOptions() {
    PhaseOptions o = PhaseOptions.defaults(precision, epochs, seed).withArithmetic(arithmetic);
    if (distillation.isPresent()) {
      o = o.withDistillation(distillation.get());
    }
    if (learningRate.isPresent()) {
      o = o.withLearningRate(learningRate.get());
    }
    if (batchSize.isPresent()) {
      o = o.withBatchSize(batchSize.get());
    }
    if (precision.quantized()) {
      o = o.withFp32Anchor(fp32Anchor.orElse(PhaseOptions.DEFAULT_FP32_ANCHOR));
    }
    return o;
  }

  private static void require(String name, String value) {
    if (value == null) {
      throw new ArgumentException("missing " + name);
    }
  }

  private static S3Uri uri(String name, String value) {
    try {
      return S3Uri.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ArgumentException(name + ": " + e.getMessage());
    }
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new ArgumentException(name + " must be an integer, not '" + value + "'");
    }
  }

  private static double number(String name, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new ArgumentException(name + " must be a number, not '" + value + "'");
    }
  }
}
