package io.fleetloop.trainer;

import io.fleetloop.chip.Activation;
import io.fleetloop.chip.Calibration;
import io.fleetloop.chip.ChipRuntime;
import io.fleetloop.chip.Decisions;
import io.fleetloop.chip.DenseLayer;
import io.fleetloop.chip.FakeQuant;
import io.fleetloop.chip.ForwardTrace;
import io.fleetloop.chip.Gradients;
import io.fleetloop.chip.LayerTrace;
import io.fleetloop.chip.StraightThrough;
import io.fleetloop.world.Conditions;
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
 * PolicyObjective}), with a hinge asking the reference class for a margin of {@link
 * PhaseOptions#marginSteps()} output steps on the phase's own forward and rare conditions weighted
 * by {@link PhaseOptions#tailWeight()}. With an {@link PhaseOptions#fp32Anchor()} they also run the
 * plain FP32 forward of the same weights on every sample and pull it towards the start model
 * ({@link PolicyObjective#anchor}), so the artifact's FP32 forward (what a simulated fleet drives)
 * does not drift where the chip's clipped gradient cannot see it. With a {@link
 * PhaseOptions#validationShare()} they hold out every k-th sample, measure the held-out
 * disagreement with the FP32 reference under their own forward for the start weights (epoch 0) and
 * after every epoch, and keep the best weights, so a phase never ends further from the reference
 * (on held-out training data) than it started. QAT and Chip run the same objective, selection and
 * schedule; only the forward differs. Single-threaded and deterministic: the same start weights,
 * data and options give bit-identical weights.
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
    // the FP32 reference: the start model's category probabilities (the teacher) and decisions
    float[] teacher = null;
    float[] teacherSteering = null;
    boolean anchored = o.fp32Anchor() > 0;
    if (o.distillation() > 0 || anchored) {
      teacher = new float[n * PolicyObjective.CATEGORIES];
      teacherSteering = new float[n];
      Mlp.Runner r = mlp.runner();
      float[] out = new float[mlp.outputs()];
      for (int i = 0; i < n; i++) {
        r.forward(x, i * in, out, 0);
        PolicyObjective.categoryProbabilities(out, teacher, i * PolicyObjective.CATEGORIES);
        teacherSteering[i] = out[PolicyObjective.CATEGORIES];
      }
    }
    int[] reference = PolicyDecisions.fp32(mlp, x, n);
    float outputScale =
        deployment.calibration().output(deployment.calibration().layerCount() - 1).scale();
    double margin = o.marginSteps() * outputScale;
    double[] factor = new double[n];
    for (int i = 0; i < n; i++) {
      factor[i] = Conditions.RARE.test(data.tag(i)) ? o.tailWeight() : 1;
    }
    Split split = Split.of(n, o.validationShare());
    int[] train = split.train();
    Validation validation = split.validation().length == 0 ? null : new Validation(split, x, in);

    // the FP32 shadow weights the straight-through gradients update; the network gets them back
    // after every epoch
    List<DenseLayer> shadow = ChipDeployment.layers(mlp);
    Adam adam = new Adam(shadow);
    Gradients grads = Gradients.zerosLike(shadow);
    List<Double> held = new ArrayList<>();
    List<DenseLayer> best = null;
    int bestEpoch = o.epochs();
    double bestScore = Double.POSITIVE_INFINITY;
    if (validation != null) {
      bestScore = validation.disagreement(shadow, o.precision(), deployment, reference, y, factor);
      held.add(bestScore);
      best = copy(shadow);
      bestEpoch = 0;
    }
    int m = train.length;
    int[] order = train.clone();
    SplittableRandom rng = new SplittableRandom(o.seed());
    float[] sample = new float[in];
    float[] gradOut = new float[mlp.outputs()];
    long perEpoch = (m + o.batchSize() - 1) / o.batchSize();
    long totalSteps = perEpoch * o.epochs();
    long step = 0;
    List<EpochReport> reports = new ArrayList<>();
    for (int e = 0; e < o.epochs(); e++) {
      for (int i = m - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      long start = System.nanoTime();
      double total = 0;
      for (int b0 = 0; b0 < m; b0 += o.batchSize()) {
        int b1 = Math.min(m, b0 + o.batchSize());
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
                  reference[i],
                  margin,
                  factor[i],
                  gradOut);
          StraightThrough.backward(trace, gradOut, grads);
          if (anchored) {
            ForwardTrace fp32 = fp32Trace(shadow, sample);
            total +=
                PolicyObjective.anchor(
                    fp32.output(),
                    teacher,
                    i * PolicyObjective.CATEGORIES,
                    teacherSteering[i],
                    y[i * tw + 2],
                    y[i * tw + 3] * factor[i] * o.fp32Anchor(),
                    gradOut);
            StraightThrough.backward(fp32, gradOut, grads);
          }
        }
        grads.scale(1f / (b1 - b0));
        adam.step(grads, o.learningRate() * cosine(step, totalSteps));
        step++;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (validation != null) {
        double score =
            validation.disagreement(shadow, o.precision(), deployment, reference, y, factor);
        held.add(score);
        if (score < bestScore) {
          bestScore = score;
          best = copy(shadow);
          bestEpoch = e + 1;
        }
      }
      for (int k = 0; k < shadow.size(); k++) {
        mlp.layer(k).set(shadow.get(k).weights(), shadow.get(k).bias());
      }
      double accuracy =
          PolicyDecisions.agreement(PolicyDecisions.chip(deployment.runtime(mlp), x, n), labels);
      EpochReport report = new EpochReport(e + 1, o.epochs(), total / m, accuracy, m / seconds);
      reports.add(report);
      progress.accept(report);
    }
    if (best != null) {
      for (int k = 0; k < best.size(); k++) {
        mlp.layer(k).set(best.get(k).weights(), best.get(k).bias());
      }
    }
    return new PhaseResult(o.precision(), reports, deployment, m, held, bestEpoch);
  }

  private static List<DenseLayer> copy(List<DenseLayer> layers) {
    List<DenseLayer> out = new ArrayList<>(layers.size());
    for (DenseLayer l : layers) {
      out.add(
          new DenseLayer(l.in(), l.out(), l.weights().clone(), l.bias().clone(), l.activation()));
    }
    return out;
  }

  /** Training and held-out sample indices: every k-th sample is held out. */
  record Split(int[] train, int[] validation) {
    static Split of(int n, double share) {
      if (share <= 0 || n < 4) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
          all[i] = i;
        }
        return new Split(all, new int[0]);
      }
      int k = Math.max(2, (int) Math.round(1 / share));
      int[] validation = new int[n / k];
      int[] train = new int[n - validation.length];
      int v = 0;
      int t = 0;
      for (int i = 0; i < n; i++) {
        if (i % k == k - 1 && v < validation.length) {
          validation[v++] = i;
        } else {
          train[t++] = i;
        }
      }
      return new Split(train, validation);
    }
  }

  /**
   * The held-out samples and the selection score: the share (by sample weight times tail weight) of
   * held-out samples whose decision under the phase's own forward (fake-quant for QAT, the chip for
   * Chip) differs from the FP32 reference's.
   */
  private static final class Validation {
    private final int[] index;
    private final float[] x;
    private final int in;

    Validation(Split split, float[] all, int in) {
      this.index = split.validation();
      this.in = in;
      this.x = new float[index.length * in];
      for (int v = 0; v < index.length; v++) {
        System.arraycopy(all, index[v] * in, x, v * in, in);
      }
    }

    double disagreement(
        List<DenseLayer> layers,
        Precision precision,
        ChipDeployment deployment,
        int[] reference,
        float[] y,
        double[] factor) {
      int[] d;
      if (precision == Precision.CHIP) {
        d = PolicyDecisions.chip(new ChipRuntime(deployment.compile(layers)), x, index.length);
      } else {
        FakeQuant fq = new FakeQuant(layers, deployment.calibration(), deployment.granularity());
        d = new int[index.length];
        float[] sample = new float[in];
        float[] out = new float[fq.outputSize()];
        for (int v = 0; v < index.length; v++) {
          System.arraycopy(x, v * in, sample, 0, in);
          fq.forward(sample, 0, out, 0);
          d[v] = Decisions.argmax(out, 0, PolicyObjective.CATEGORIES);
        }
      }
      double wrong = 0;
      double total = 0;
      for (int v = 0; v < index.length; v++) {
        int i = index[v];
        double w = y[i * TrainingSamples.TARGET_WIDTH + 3] * factor[i];
        total += w;
        wrong += d[v] != reference[i] ? w : 0;
      }
      return total == 0 ? 0 : wrong / total;
    }
  }

  /**
   * The FP32 forward of {@code layers} as a trace the straight-through backward can use: real
   * weights and activations, derivative 1 where a ReLU's pre-activation is positive (and for linear
   * layers), so {@link StraightThrough#backward} is exact backpropagation here.
   */
  static ForwardTrace fp32Trace(List<DenseLayer> layers, float[] x) {
    List<LayerTrace> traces = new ArrayList<>(layers.size());
    float[] src = x.clone();
    for (DenseLayer l : layers) {
      int in = l.in();
      boolean relu = l.activation() == Activation.RELU;
      float[] output = new float[l.out()];
      float[] mask = new float[l.out()];
      for (int o = 0; o < l.out(); o++) {
        float acc = 0f;
        for (int i = 0; i < in; i++) {
          acc += l.weights()[o * in + i] * src[i];
        }
        acc += l.bias()[o];
        boolean active = !relu || acc > 0f;
        output[o] = active ? acc : 0f;
        mask[o] = active ? 1f : 0f;
      }
      traces.add(new LayerTrace(in, l.out(), src, l.weights(), new byte[l.out()], output, mask));
      src = output;
    }
    return new ForwardTrace(traces);
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
