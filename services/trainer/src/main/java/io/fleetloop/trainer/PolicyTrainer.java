package io.fleetloop.trainer;

import io.fleetloop.chip.Calibration;
import io.fleetloop.chip.ChipRuntime;
import io.fleetloop.chip.DenseLayer;
import io.fleetloop.chip.FakeQuant;
import io.fleetloop.chip.ForwardTrace;
import io.fleetloop.chip.Gradients;
import io.fleetloop.chip.StraightThrough;
import io.fleetloop.world.model.Dataset;
import io.fleetloop.world.model.Mlp;
import io.fleetloop.world.model.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Trains the policy network in one phase of a TrainingRun:
 *
 * <ul>
 *   <li>{@link Precision#FP32}: the libs/world {@link Trainer} (batched backpropagation, Adam), one
 *       call per epoch so progress is reported per epoch, with a cosine step size over the epochs;
 *   <li>{@link Precision#QAT}: simulated quantization-aware training: each mini-batch's forward is
 *       the float fake-quant of the current weights ({@link FakeQuant}), the backward the clipped
 *       straight-through estimator ({@link StraightThrough}), applied to the FP32 weights;
 *   <li>{@link Precision#CHIP}: hardware in the loop: each mini-batch's forward runs on the chip
 *       runtime ({@link ChipRuntime#trace}) with the pool's {@code ChipArithmetic}, the weights
 *       re-quantized from the FP32 shadow weights before every step; the same straight-through
 *       backward and update.
 * </ul>
 *
 * QAT and Chip phases calibrate the activation ranges once, on the start model's FP32 forward, and
 * keep them ({@link ChipDeployment}), so the model they produce is compiled for the chip exactly as
 * it was trained. With a distillation weight they also learn the start model's decisions ({@link
 * PolicyObjective}). Single-threaded and deterministic: the same start weights, data and options
 * give bit-identical weights.
 */
public final class PolicyTrainer {
  private PolicyTrainer() {}

  /**
   * Trains {@code mlp} in place on {@code data} ({@link TrainingSamples} layout).
   *
   * @param deployment the chip deployment to train against (QAT and Chip), or null to calibrate one
   *     from {@code mlp}'s FP32 forward on the data; ignored by FP32
   * @param progress called after every epoch
   */
  public static PhaseResult train(
      Mlp mlp,
      Dataset data,
      PhaseOptions options,
      ChipDeployment deployment,
      Consumer<EpochReport> progress) {
    if (data.targetWidth() != TrainingSamples.TARGET_WIDTH || data.inputs() != mlp.inputs()) {
      throw new IllegalArgumentException(
          "training data must be in the TrainingSamples layout for this network");
    }
    if (data.size() == 0) {
      throw new IllegalArgumentException("empty dataset: nothing to train on");
    }
    return options.precision() == Precision.FP32
        ? trainFp32(mlp, data, options, progress)
        : trainQuantized(mlp, data, options, deployment, progress);
  }

  private static PhaseResult trainFp32(
      Mlp mlp, Dataset data, PhaseOptions o, Consumer<EpochReport> progress) {
    float[] x = PolicyDecisions.inputs(data);
    int[] labels = PolicyDecisions.labels(data);
    List<EpochReport> reports = new ArrayList<>();
    for (int e = 0; e < o.epochs(); e++) {
      double lr = o.learningRate() * cosine(e, o.epochs());
      Trainer.Options t =
          new Trainer.Options(1, o.batchSize(), lr, true, 0.0, false, o.seed() * 1_000_003L + e);
      long start = System.nanoTime();
      Trainer.Report r = new Trainer(t).train(mlp, data, PolicyObjective.WEIGHTED);
      double seconds = (System.nanoTime() - start) / 1e9;
      double accuracy =
          PolicyDecisions.agreement(PolicyDecisions.fp32(mlp, x, data.size()), labels);
      EpochReport report =
          new EpochReport(e + 1, o.epochs(), r.finalLoss(), accuracy, data.size() / seconds);
      reports.add(report);
      progress.accept(report);
    }
    return new PhaseResult(Precision.FP32, reports, null, data.size());
  }

  /** The step-size factor of epoch {@code e}: cosine from 1 down to 0.05 over the epochs. */
  static double cosine(double progressSteps, double totalSteps) {
    if (totalSteps <= 1) {
      return 1;
    }
    double p = progressSteps / (totalSteps - 1);
    return 0.05 + 0.95 * 0.5 * (1 + StrictMath.cos(Math.PI * Math.min(1, p)));
  }

  private static PhaseResult trainQuantized(
      Mlp mlp, Dataset data, PhaseOptions o, ChipDeployment given, Consumer<EpochReport> progress) {
    int n = data.size();
    int in = data.inputs();
    int tw = data.targetWidth();
    float[] x = PolicyDecisions.inputs(data);
    float[] y = new float[n * tw];
    float[] row = new float[tw];
    for (int i = 0; i < n; i++) {
      data.target(i, row);
      System.arraycopy(row, 0, y, i * tw, tw);
    }
    int[] labels = PolicyDecisions.labels(data);
    ChipDeployment deployment =
        given != null
            ? given
            : ChipDeployment.calibrate(
                mlp,
                TrainingSamples.inputs(data, o.calibrationSamples()),
                o.arithmetic(),
                o.granularity());
    // the FP32 teacher: the start model's category probabilities
    float[] teacher = null;
    if (o.distillation() > 0) {
      teacher = new float[n * PolicyObjective.CATEGORIES];
      Mlp.Runner r = mlp.runner();
      float[] out = new float[mlp.outputs()];
      for (int i = 0; i < n; i++) {
        r.forward(x, i * in, out, 0);
        PolicyObjective.categoryProbabilities(out, teacher, i * PolicyObjective.CATEGORIES);
      }
    }
    // the FP32 shadow weights the straight-through gradients update; the network gets them back
    // after every epoch
    List<DenseLayer> shadow = ChipDeployment.layers(mlp);
    Adam adam = new Adam(shadow);
    Gradients grads = Gradients.zerosLike(shadow);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(o.seed());
    float[] sample = new float[in];
    float[] gradOut = new float[mlp.outputs()];
    long perEpoch = (n + o.batchSize() - 1) / o.batchSize();
    long totalSteps = perEpoch * o.epochs();
    long step = 0;
    List<EpochReport> reports = new ArrayList<>();
    for (int e = 0; e < o.epochs(); e++) {
      for (int i = n - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      long start = System.nanoTime();
      double total = 0;
      for (int b0 = 0; b0 < n; b0 += o.batchSize()) {
        int b1 = Math.min(n, b0 + o.batchSize());
        Function<float[], ForwardTrace> forward = forward(shadow, o.precision(), deployment);
        grads.clear();
        for (int s = b0; s < b1; s++) {
          int i = order[s];
          System.arraycopy(x, i * in, sample, 0, in);
          ForwardTrace trace = forward.apply(sample);
          total +=
              PolicyObjective.evaluate(
                  trace.output(),
                  y,
                  i * tw,
                  teacher,
                  i * PolicyObjective.CATEGORIES,
                  o.distillation(),
                  gradOut);
          StraightThrough.backward(trace, gradOut, grads);
        }
        grads.scale(1f / (b1 - b0));
        adam.step(grads, o.learningRate() * cosine(step, totalSteps));
        step++;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      for (int k = 0; k < shadow.size(); k++) {
        mlp.layer(k).set(shadow.get(k).weights(), shadow.get(k).bias());
      }
      double accuracy =
          PolicyDecisions.agreement(PolicyDecisions.chip(deployment.runtime(mlp), x, n), labels);
      EpochReport report = new EpochReport(e + 1, o.epochs(), total / n, accuracy, n / seconds);
      reports.add(report);
      progress.accept(report);
    }
    return new PhaseResult(o.precision(), reports, deployment, n);
  }

  /**
   * The forward of one mini-batch: the current weights, fake-quantized or compiled for the chip.
   */
  private static Function<float[], ForwardTrace> forward(
      List<DenseLayer> layers, Precision precision, ChipDeployment deployment) {
    if (precision == Precision.CHIP) {
      ChipRuntime chip = new ChipRuntime(deployment.compile(layers));
      return chip::trace;
    }
    Calibration c = deployment.calibration();
    FakeQuant fq = new FakeQuant(layers, c, deployment.granularity());
    return fq::trace;
  }

  /** Adam (β1 0.9, β2 0.999, ε 1e-8) on FP32 layers, in place. */
  private static final class Adam {
    private final List<DenseLayer> layers;
    private final float[][] mw;
    private final float[][] vw;
    private final float[][] mb;
    private final float[][] vb;
    private long steps;

    Adam(List<DenseLayer> layers) {
      this.layers = layers;
      int n = layers.size();
      mw = new float[n][];
      vw = new float[n][];
      mb = new float[n][];
      vb = new float[n][];
      for (int k = 0; k < n; k++) {
        mw[k] = new float[layers.get(k).weights().length];
        vw[k] = new float[mw[k].length];
        mb[k] = new float[layers.get(k).out()];
        vb[k] = new float[mb[k].length];
      }
    }

    void step(Gradients g, double lr) {
      steps++;
      double c1 = 1 - StrictMath.pow(0.9, steps);
      double c2 = 1 - StrictMath.pow(0.999, steps);
      float a = (float) (lr * Math.sqrt(c2) / c1);
      float eps = (float) (1e-8 * Math.sqrt(c2));
      for (int k = 0; k < layers.size(); k++) {
        update(layers.get(k).weights(), g.weights(k), mw[k], vw[k], a, eps);
        update(layers.get(k).bias(), g.bias(k), mb[k], vb[k], a, eps);
      }
    }

    private static void update(float[] p, float[] g, float[] m, float[] v, float a, float eps) {
      for (int j = 0; j < p.length; j++) {
        float gj = g[j];
        float mj = 0.9f * m[j] + 0.1f * gj;
        float vj = 0.999f * v[j] + 0.001f * gj * gj;
        m[j] = mj;
        v[j] = vj;
        p[j] -= a * mj / ((float) Math.sqrt(vj) + eps);
      }
    }
  }
}
