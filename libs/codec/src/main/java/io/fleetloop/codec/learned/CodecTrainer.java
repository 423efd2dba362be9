package io.fleetloop.codec.learned;

import io.fleetloop.codec.ClipFrames;
import io.fleetloop.world.Conditions;
import io.fleetloop.world.PolicyFeatures;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.model.Mlp;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Trains a {@link LearnedFeatureCodec} for one policy from fleet clips, in seconds and
 * deterministically under {@link Options#seed()}:
 *
 * <ol>
 *   <li>samples up to {@link Options#maxFrames()} frames of the clips;
 *   <li>measures the policy's <em>sensitivity</em> to each continuous feature (central differences
 *       of its logits and of its steering, each normalised over the features), so features that
 *       move the policy get fine quantization and the others coarse;
 *   <li>finds the principal axes of the sensitivity-scaled features (Jacobi eigen-decomposition of
 *       their covariance): the learned projection;
 *   <li>chooses the quantization step: the coarsest step at which the policy's decisions on decoded
 *       frames still agree with those on raw frames on at least {@link Options#minAgreement()} of
 *       the sampled frames — overall, on common and on rare conditions alike — and its steering
 *       moves by at most {@link Options#maxSteeringError()} on average (bisection on a log scale);
 *   <li>drops the weakest latent directions while that still holds.
 * </ol>
 *
 * The measured agreement is recorded in the codec's metadata. Thread-confined; a trainer may be
 * reused.
 */
public final class CodecTrainer {
  private static final int C = PolicyLayout.CONTINUOUS;
  private static final float EPSILON = 1e-2f;
  private static final int SEARCH_STEPS = 20;
  private static final double MIN_STEP = 1e-4;
  private static final double MAX_STEP = 8.0;

  /**
   * Training options.
   *
   * @param seed which frames are sampled
   * @param maxFrames frames sampled from the clips for training
   * @param minAgreement the share of frames on which decisions must agree, per condition group
   * @param maxSteeringError the largest mean |Δ steering| allowed
   * @param chunkFrames frames per Rice-parameter chunk in the encoded block
   */
  public record Options(
      long seed, int maxFrames, double minAgreement, double maxSteeringError, int chunkFrames) {

    /** Checks ranges. */
    public Options {
      if (maxFrames < 100) {
        throw new IllegalArgumentException("maxFrames must be at least 100");
      }
      if (!(minAgreement > 0 && minAgreement <= 1)) {
        throw new IllegalArgumentException("minAgreement must be in (0, 1]");
      }
      if (!(maxSteeringError > 0)) {
        throw new IllegalArgumentException("maxSteeringError must be positive");
      }
      if (chunkFrames < 1 || chunkFrames > 4096) {
        throw new IllegalArgumentException("chunkFrames must be in 1..4096");
      }
    }

    /** 30,000 frames, 99.7% agreement, steering error ≤ 0.01, chunks of 16 frames. */
    public static Options defaults(long seed) {
      return new Options(seed, 30_000, 0.997, 0.01, 16);
    }

    public Options withMinAgreement(double value) {
      return new Options(seed, maxFrames, value, maxSteeringError, chunkFrames);
    }

    public Options withMaxFrames(int value) {
      return new Options(seed, value, minAgreement, maxSteeringError, chunkFrames);
    }
  }

  private final Options options;

  public CodecTrainer(Options options) {
    this.options = options;
  }

  /**
   * Trains a codec for {@code policy} on {@code clips}.
   *
   * @throws IllegalArgumentException when the clips hold no policy-feature frames
   * @throws IllegalStateException when even the finest step misses the agreement goal
   */
  public LearnedFeatureCodec train(PolicyModel policy, List<ClipFrames> clips) {
    Sample s = sample(clips);
    String policySha = policy.toArtifact().sha256();
    Mlp.Runner runner = policy.mlp().runner();
    float[] out = new float[PolicyModel.OUTPUTS];
    for (int f = 0; f < s.n; f++) {
      runner.forward(s.x, f * PolicyFeatures.COUNT, out, 0);
      s.category[f] = PolicyModel.category(out);
      s.steering[f] = PolicyModel.steering(out);
    }
    float[] mean = mean(s);
    double[] weight = sensitivity(s, runner);
    double[][] axes = principalAxes(s, mean, weight);

    Acceptance finest = evaluate(policy, policySha, s, mean, weight, axes, C, MIN_STEP);
    if (!finest.accepted(options)) {
      throw new IllegalStateException(
          "even a quantization step of "
              + MIN_STEP
              + " misses the goal on the training frames: "
              + finest
              + "; lower minAgreement or raise maxSteeringError");
    }
    double lo = MIN_STEP;
    double hi = MAX_STEP;
    Acceptance best = finest;
    Acceptance coarsest = evaluate(policy, policySha, s, mean, weight, axes, C, hi);
    if (coarsest.accepted(options)) {
      lo = hi;
      best = coarsest;
    } else {
      for (int i = 0; i < SEARCH_STEPS; i++) {
        double mid = Math.sqrt(lo * hi);
        Acceptance a = evaluate(policy, policySha, s, mean, weight, axes, C, mid);
        if (a.accepted(options)) {
          lo = mid;
          best = a;
        } else {
          hi = mid;
        }
      }
    }
    double step = lo;
    int k = C;
    while (k > 1) {
      Acceptance a = evaluate(policy, policySha, s, mean, weight, axes, k - 1, step);
      if (!a.accepted(options)) {
        break;
      }
      k--;
      best = a;
    }
    TreeMap<String, String> meta = new TreeMap<>();
    meta.put("trainer.seed", Long.toString(options.seed()));
    meta.put("trainer.frames", Integer.toString(s.n));
    meta.put("trainer.rareFrames", Integer.toString(s.rare));
    meta.put("trainer.minAgreement", fmt(options.minAgreement()));
    meta.put("trainer.maxSteeringError", fmt(options.maxSteeringError()));
    meta.put("trained.step", fmt(step));
    meta.put("trained.agreement", fmt(best.agreement()));
    meta.put("trained.commonAgreement", fmt(best.commonAgreement()));
    meta.put("trained.rareAgreement", fmt(best.rareAgreement()));
    meta.put("trained.steeringMeanAbsError", fmt(best.steeringError()));
    StringBuilder sens = new StringBuilder();
    for (int i = 0; i < C; i++) {
      sens.append(i == 0 ? "" : ",")
          .append(PolicyFeatures.NAMES.get(i))
          .append('=')
          .append(fmt(weight[i]));
    }
    meta.put("trained.sensitivity", sens.toString());
    return build(policy, policySha, meta, mean, weight, axes, k, step);
  }

  private LearnedFeatureCodec build(
      PolicyModel policy,
      String policySha,
      TreeMap<String, String> meta,
      float[] mean,
      double[] weight,
      double[][] axes,
      int k,
      double step) {
    float[] encoder = new float[k * C];
    float[] decoder = new float[C * k];
    float[] steps = new float[k];
    for (int j = 0; j < k; j++) {
      steps[j] = (float) step;
      for (int i = 0; i < C; i++) {
        encoder[j * C + i] = (float) (axes[j][i] * weight[i]);
        decoder[i * k + j] = (float) (axes[j][i] / weight[i]);
      }
    }
    return new LearnedFeatureCodec(
        policy.name(),
        policy.version(),
        policySha,
        meta,
        mean,
        encoder,
        decoder,
        steps,
        options.chunkFrames());
  }

  /** Quantizes and reconstructs every sampled frame and compares the policy's decisions. */
  private Acceptance evaluate(
      PolicyModel policy,
      String policySha,
      Sample s,
      float[] mean,
      double[] weight,
      double[][] axes,
      int k,
      double step) {
    LearnedFeatureCodec codec =
        build(policy, policySha, new TreeMap<>(), mean, weight, axes, k, step);
    Mlp.Runner runner = policy.mlp().runner();
    float[] decoded = new float[PolicyFeatures.COUNT];
    float[] out = new float[PolicyModel.OUTPUTS];
    int[] codes = new int[k];
    long agree = 0;
    long rareAgree = 0;
    double steer = 0;
    for (int f = 0; f < s.n; f++) {
      int off = f * PolicyFeatures.COUNT;
      codec.quantize(s.x, off, codes);
      codec.reconstruct(codes, s.condition[f], decoded, 0);
      runner.forward(decoded, 0, out, 0);
      boolean same = PolicyModel.category(out) == s.category[f];
      agree += same ? 1 : 0;
      rareAgree += same && s.isRare[f] ? 1 : 0;
      steer += Math.abs(PolicyModel.steering(out) - s.steering[f]);
    }
    int common = s.n - s.rare;
    return new Acceptance(
        (double) agree / s.n,
        common == 0 ? 1 : (double) (agree - rareAgree) / common,
        s.rare == 0 ? 1 : (double) rareAgree / s.rare,
        steer / s.n);
  }

  private Sample sample(List<ClipFrames> clips) {
    long total = 0;
    for (ClipFrames clip : clips) {
      if (clip.featureCount() != PolicyFeatures.COUNT) {
        throw new IllegalArgumentException(
            "a clip has "
                + clip.featureCount()
                + " features per frame; the codec is trained on the "
                + PolicyFeatures.COUNT
                + " policy features");
      }
      total += clip.frames();
    }
    if (total == 0) {
      throw new IllegalArgumentException("no frames to train the codec on");
    }
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many frames: " + total);
    }
    int n = (int) Math.min(total, options.maxFrames());
    // a partial Fisher-Yates shuffle of frame indexes, from the seed
    int[] index = new int[(int) total];
    for (int i = 0; i < index.length; i++) {
      index[i] = i;
    }
    SplittableRandom random = new SplittableRandom(options.seed());
    for (int i = 0; i < n; i++) {
      int j = i + random.nextInt(index.length - i);
      int t = index[i];
      index[i] = index[j];
      index[j] = t;
    }
    java.util.Arrays.sort(index, 0, n);
    Sample s = new Sample(n);
    int clipIndex = 0;
    long clipStart = 0;
    for (int i = 0; i < n; i++) {
      while (index[i] >= clipStart + clips.get(clipIndex).frames()) {
        clipStart += clips.get(clipIndex).frames();
        clipIndex++;
      }
      ClipFrames clip = clips.get(clipIndex);
      int frame = (int) (index[i] - clipStart);
      System.arraycopy(
          clip.features(),
          frame * PolicyFeatures.COUNT,
          s.x,
          i * PolicyFeatures.COUNT,
          PolicyFeatures.COUNT);
      s.condition[i] = PolicyLayout.conditionOf(s.x, i * PolicyFeatures.COUNT);
      // the policy sees what the decoder writes: exact one-hot groups
      PolicyLayout.writeCondition(s.condition[i], s.x, i * PolicyFeatures.COUNT);
      s.isRare[i] = !Conditions.isCommon(s.condition[i]);
      s.rare += s.isRare[i] ? 1 : 0;
    }
    return s;
  }

  private static float[] mean(Sample s) {
    float[] mean = new float[C];
    for (int i = 0; i < C; i++) {
      double sum = 0;
      for (int f = 0; f < s.n; f++) {
        sum += s.x[f * PolicyFeatures.COUNT + i];
      }
      mean[i] = (float) (sum / s.n);
    }
    return mean;
  }

  /**
   * How much the policy moves with each continuous feature: RMS central difference of the logits
   * and of the steering output, each normalised to mean 1 over the features, then combined; floored
   * at 2% of the largest so that no feature is dropped outright.
   */
  private static double[] sensitivity(Sample s, Mlp.Runner runner) {
    double[] logit = new double[C];
    double[] steer = new double[C];
    float[] plus = new float[PolicyModel.OUTPUTS];
    float[] minus = new float[PolicyModel.OUTPUTS];
    float[] x = new float[PolicyFeatures.COUNT];
    for (int f = 0; f < s.n; f++) {
      System.arraycopy(s.x, f * PolicyFeatures.COUNT, x, 0, PolicyFeatures.COUNT);
      for (int i = 0; i < C; i++) {
        float v = x[i];
        x[i] = v + EPSILON;
        runner.forward(x, 0, plus, 0);
        x[i] = v - EPSILON;
        runner.forward(x, 0, minus, 0);
        x[i] = v;
        for (int o = 0; o < 4; o++) {
          double d = (plus[o] - minus[o]) / (2.0 * EPSILON);
          logit[i] += d * d;
        }
        double d = (plus[4] - minus[4]) / (2.0 * EPSILON);
        steer[i] += d * d;
      }
    }
    double logitMean = 0;
    double steerMean = 0;
    for (int i = 0; i < C; i++) {
      logit[i] = Math.sqrt(logit[i] / s.n);
      steer[i] = Math.sqrt(steer[i] / s.n);
      logitMean += logit[i] / C;
      steerMean += steer[i] / C;
    }
    double[] w = new double[C];
    double max = 0;
    for (int i = 0; i < C; i++) {
      double l = logitMean > 0 ? logit[i] / logitMean : 1;
      double t = steerMean > 0 ? steer[i] / steerMean : 1;
      w[i] = Math.sqrt(l * l + t * t);
      max = Math.max(max, w[i]);
    }
    for (int i = 0; i < C; i++) {
      w[i] = Math.max(w[i], 0.02 * max);
    }
    return w;
  }

  /**
   * Unit eigenvectors of the covariance of the scaled features {@code w ⊙ (x − μ)}, strongest
   * first, as rows.
   */
  private static double[][] principalAxes(Sample s, float[] mean, double[] weight) {
    double[][] cov = new double[C][C];
    double[] y = new double[C];
    for (int f = 0; f < s.n; f++) {
      int off = f * PolicyFeatures.COUNT;
      for (int i = 0; i < C; i++) {
        y[i] = weight[i] * (s.x[off + i] - mean[i]);
      }
      for (int i = 0; i < C; i++) {
        for (int j = 0; j <= i; j++) {
          cov[i][j] += y[i] * y[j];
        }
      }
    }
    for (int i = 0; i < C; i++) {
      for (int j = 0; j <= i; j++) {
        cov[i][j] /= s.n;
        cov[j][i] = cov[i][j];
      }
    }
    return Jacobi.eigenvectors(cov);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.6g", v);
  }

  /** Frames sampled for training, with the policy's decisions on them. */
  private static final class Sample {
    final int n;
    final float[] x;
    final int[] condition;
    final boolean[] isRare;
    final int[] category;
    final double[] steering;
    int rare;

    Sample(int n) {
      this.n = n;
      x = new float[n * PolicyFeatures.COUNT];
      condition = new int[n];
      isRare = new boolean[n];
      category = new int[n];
      steering = new double[n];
    }
  }

  /** Agreement of decoded-frame decisions with raw-frame decisions at one step and width. */
  private record Acceptance(
      double agreement, double commonAgreement, double rareAgreement, double steeringError) {
    boolean accepted(Options o) {
      return commonAgreement >= o.minAgreement()
          && rareAgreement >= o.minAgreement()
          && steeringError <= o.maxSteeringError();
    }
  }
}
