package io.fleetloop.world.model;

import java.util.SplittableRandom;

/**
 * Mini-batch training of an {@link Mlp} with backpropagation and Adam (or plain SGD), in place.
 * Deterministic: the sample order of every epoch is a shuffle drawn from {@link Options#seed()},
 * and all arithmetic runs on the calling thread in a fixed order, so the same network, data and
 * options give bit-identical weights.
 *
 * <p>Loss values and gradients are summed over a mini-batch and divided by its size.
 */
public final class Trainer {
  private final Options options;

  public Trainer(Options options) {
    this.options = options;
  }

  /**
   * Training options.
   *
   * @param epochs passes over the data
   * @param batchSize samples per update
   * @param learningRate step size (the peak, with a schedule)
   * @param adam Adam (β1 = 0.9, β2 = 0.999, ε = 1e-8) when true, plain SGD when false
   * @param weightDecay L2 coefficient on weights (not biases), 0 for none
   * @param cosineSchedule when true the step size follows a cosine from {@code learningRate} down
   *     to 5% of it over all updates; constant otherwise
   * @param seed shuffle seed
   */
  public record Options(
      int epochs,
      int batchSize,
      double learningRate,
      boolean adam,
      double weightDecay,
      boolean cosineSchedule,
      long seed) {
    public Options {
      if (epochs < 0 || batchSize < 1 || !(learningRate > 0) || !(weightDecay >= 0)) {
        throw new IllegalArgumentException("bad training options");
      }
    }

    /** Adam, batch 64, learning rate 3e-3 with the cosine schedule, 10 epochs. */
    public static Options defaults(long seed) {
      return new Options(10, 64, 3e-3, true, 0.0, true, seed);
    }

    public Options withEpochs(int value) {
      return new Options(value, batchSize, learningRate, adam, weightDecay, cosineSchedule, seed);
    }

    public Options withLearningRate(double value) {
      return new Options(epochs, batchSize, value, adam, weightDecay, cosineSchedule, seed);
    }

    public Options withBatchSize(int value) {
      return new Options(epochs, value, learningRate, adam, weightDecay, cosineSchedule, seed);
    }

    public Options withCosineSchedule(boolean value) {
      return new Options(epochs, batchSize, learningRate, adam, weightDecay, value, seed);
    }

    public Options withSeed(long value) {
      return new Options(epochs, batchSize, learningRate, adam, weightDecay, cosineSchedule, value);
    }
  }

  /** The outcome: mean loss per epoch (before any weight decay). */
  public record Report(double[] epochLoss) {
    public double finalLoss() {
      return epochLoss.length == 0 ? Double.NaN : epochLoss[epochLoss.length - 1];
    }
  }

  /** Trains {@code mlp} in place on {@code data} under {@code loss}. */
  public Report train(Mlp mlp, Dataset data, Loss loss) {
    check(mlp, data, loss);
    Workspace ws = new Workspace(mlp, options.batchSize());
    int n = data.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(options.seed());
    double[] epochLoss = new double[options.epochs()];
    int perEpoch = (n + options.batchSize() - 1) / options.batchSize();
    long totalSteps = (long) perEpoch * options.epochs();
    long step = 0;
    for (int e = 0; e < options.epochs(); e++) {
      for (int i = n - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      double total = 0;
      for (int start = 0; start < n; start += options.batchSize()) {
        int end = Math.min(n, start + options.batchSize());
        ws.zeroGradients();
        total += ws.accumulate(data.inputsArray(), data.targetsArray(), order, start, end, loss);
        double lr = options.learningRate();
        if (options.cosineSchedule() && totalSteps > 1) {
          double progress = (double) step / (totalSteps - 1);
          lr *= 0.05 + 0.95 * 0.5 * (1 + StrictMath.cos(Math.PI * progress));
        }
        step++;
        ws.step(options, lr, end - start);
      }
      epochLoss[e] = n == 0 ? 0 : total / n;
    }
    return new Report(epochLoss);
  }

  /** Mean loss of {@code mlp} over {@code data} (no training). */
  public static double meanLoss(Mlp mlp, Dataset data, Loss loss) {
    check(mlp, data, loss);
    Mlp.Runner r = mlp.runner();
    float[] out = new float[mlp.outputs()];
    float[] x = data.inputsArray();
    float[] y = data.targetsArray();
    double total = 0;
    for (int i = 0; i < data.size(); i++) {
      r.forward(x, i * data.inputs(), out, 0);
      total += loss.evaluate(out, y, i * data.targetWidth(), null);
    }
    return data.size() == 0 ? 0 : total / data.size();
  }

  /**
   * The analytic gradient of {@code loss} on one sample with respect to every parameter, layer by
   * layer: {@code [k][0]} the weights of layer {@code k} (row-major), {@code [k][1]} its biases.
   * For gradient checks and for callers that run their own optimiser.
   */
  public static float[][][] gradient(Mlp mlp, float[] input, float[] target, Loss loss) {
    if (input.length != mlp.inputs() || target.length != loss.targetWidth()) {
      throw new IllegalArgumentException("input or target width does not fit");
    }
    Workspace ws = new Workspace(mlp, 1);
    ws.zeroGradients();
    ws.accumulate(input, target, new int[] {0}, 0, 1, loss);
    float[][][] g = new float[mlp.layerCount()][2][];
    for (int k = 0; k < mlp.layerCount(); k++) {
      Mlp.Layer l = mlp.layer(k);
      float[] flat = new float[l.in * l.out];
      for (int o = 0; o < l.out; o++) {
        System.arraycopy(ws.gw[k][o], 0, flat, o * l.in, l.in);
      }
      g[k][0] = flat;
      g[k][1] = ws.gb[k].clone();
    }
    return g;
  }

  private static void check(Mlp mlp, Dataset data, Loss loss) {
    if (data.inputs() != mlp.inputs()) {
      throw new IllegalArgumentException(
          "data has " + data.inputs() + " inputs, the network " + mlp.inputs());
    }
    if (loss.outputs() != mlp.outputs() || loss.targetWidth() != data.targetWidth()) {
      throw new IllegalArgumentException("loss does not fit the network or the data");
    }
  }

  /**
   * Activations, gradients and optimiser state for one network and one mini-batch size. The forward
   * and the input-gradient passes run feature-major ({@code [unit][sample]}) so their inner loops
   * are vectorisable multiply-adds over samples; weight gradients are rank-one updates of weight
   * rows from sample-major copies of each layer's input.
   */
  private static final class Workspace {
    private final Mlp mlp;
    private final int layers;
    private final int capacity;
    private final float[][] input; // [in0][batch]
    private final float[][][] act; // act[k]: output of layer k, [out][batch]
    private final float[][][] delta; // dL/d(pre-activation) of layer k, [out][batch]
    private final float[][][] inT; // input of layer k, sample-major [batch][in]
    private final float[][][] gw; // [k][o][i]
    private final float[][] gb;
    private final float[][] mw;
    private final float[][] vw;
    private final float[][] mb;
    private final float[][] vb;
    private final float[] out;
    private final float[] gradOut;
    private long steps;

    Workspace(Mlp mlp, int capacity) {
      this.mlp = mlp;
      this.layers = mlp.layerCount();
      this.capacity = capacity;
      input = new float[mlp.inputs()][capacity];
      act = new float[layers][][];
      delta = new float[layers][][];
      inT = new float[layers][][];
      gw = new float[layers][][];
      gb = new float[layers][];
      mw = new float[layers][];
      vw = new float[layers][];
      mb = new float[layers][];
      vb = new float[layers][];
      for (int k = 0; k < layers; k++) {
        Mlp.Layer l = mlp.layer(k);
        act[k] = new float[l.out][capacity];
        delta[k] = new float[l.out][capacity];
        inT[k] = new float[capacity][l.in];
        gw[k] = new float[l.out][l.in];
        gb[k] = new float[l.out];
        mw[k] = new float[l.w.length];
        vw[k] = new float[l.w.length];
        mb[k] = new float[l.out];
        vb[k] = new float[l.out];
      }
      out = new float[mlp.outputs()];
      gradOut = new float[mlp.outputs()];
    }

    void zeroGradients() {
      for (int k = 0; k < layers; k++) {
        for (float[] row : gw[k]) {
          java.util.Arrays.fill(row, 0f);
        }
        java.util.Arrays.fill(gb[k], 0f);
      }
    }

    /**
     * Forward, loss and backward for samples {@code order[from..to)}; adds to the gradients;
     * returns the summed loss.
     */
    double accumulate(float[] x, float[] y, int[] order, int from, int to, Loss loss) {
      int m = to - from;
      if (m > capacity) {
        throw new IllegalArgumentException("batch larger than the workspace");
      }
      int in0 = mlp.inputs();
      int tw = loss.targetWidth();
      float[][] first = inT[0];
      for (int s = 0; s < m; s++) {
        int base = order[from + s] * in0;
        float[] row = first[s];
        System.arraycopy(x, base, row, 0, in0);
        for (int i = 0; i < in0; i++) {
          input[i][s] = row[i];
        }
      }
      // forward, feature-major; keep a sample-major copy of every layer's input
      for (int k = 0; k < layers; k++) {
        Mlp.denseBatch(mlp.layer(k), k == 0 ? input : act[k - 1], act[k], m);
        if (k + 1 < layers) {
          float[][] a = act[k];
          float[][] t = inT[k + 1];
          for (int o = 0; o < a.length; o++) {
            float[] row = a[o];
            for (int s = 0; s < m; s++) {
              t[s][o] = row[s];
            }
          }
        }
      }
      // loss and output gradient, per sample
      double total = 0;
      float[][] last = act[layers - 1];
      float[][] dLast = delta[layers - 1];
      int outs = out.length;
      for (int s = 0; s < m; s++) {
        for (int o = 0; o < outs; o++) {
          out[o] = last[o][s];
        }
        total += loss.evaluate(out, y, order[from + s] * tw, gradOut);
        for (int o = 0; o < outs; o++) {
          dLast[o][s] = gradOut[o];
        }
      }
      // backward
      for (int k = layers - 1; k >= 0; k--) {
        Mlp.Layer l = mlp.layer(k);
        float[][] d = delta[k];
        if (l.activation == Activation.RELU) {
          float[][] a = act[k];
          for (int o = 0; o < l.out; o++) {
            float[] dr = d[o];
            float[] ar = a[o];
            for (int s = 0; s < m; s++) {
              dr[s] = ar[s] > 0f ? dr[s] : 0f;
            }
          }
        }
        float[] gbk = gb[k];
        float[][] gwk = gw[k];
        float[][] xin = inT[k];
        int in = l.in;
        for (int o = 0; o < l.out; o++) {
          float[] dr = d[o];
          float[] g = gwk[o];
          float sum = 0f;
          int s = 0;
          // four samples per pass over the weight row
          for (; s + 3 < m; s += 4) {
            float d0 = dr[s];
            float d1 = dr[s + 1];
            float d2 = dr[s + 2];
            float d3 = dr[s + 3];
            sum += d0 + d1 + d2 + d3;
            if (d0 == 0f && d1 == 0f && d2 == 0f && d3 == 0f) {
              continue;
            }
            float[] x0 = xin[s];
            float[] x1 = xin[s + 1];
            float[] x2 = xin[s + 2];
            float[] x3 = xin[s + 3];
            for (int i = 0; i < in; i++) {
              g[i] = g[i] + d0 * x0[i] + d1 * x1[i] + d2 * x2[i] + d3 * x3[i];
            }
          }
          for (; s < m; s++) {
            float ds = dr[s];
            sum += ds;
            float[] xs = xin[s];
            for (int i = 0; i < in; i++) {
              g[i] += ds * xs[i];
            }
          }
          gbk[o] += sum;
        }
        if (k > 0) {
          float[][] prev = delta[k - 1];
          float[] w = l.w;
          for (int i = 0; i < in; i++) {
            float[] p = prev[i];
            java.util.Arrays.fill(p, 0, m, 0f);
            int o = 0;
            for (; o + 3 < l.out; o += 4) {
              float w0 = w[o * in + i];
              float w1 = w[(o + 1) * in + i];
              float w2 = w[(o + 2) * in + i];
              float w3 = w[(o + 3) * in + i];
              float[] d0 = d[o];
              float[] d1 = d[o + 1];
              float[] d2 = d[o + 2];
              float[] d3 = d[o + 3];
              for (int s = 0; s < m; s++) {
                p[s] = p[s] + w0 * d0[s] + w1 * d1[s] + w2 * d2[s] + w3 * d3[s];
              }
            }
            for (; o < l.out; o++) {
              float wo = w[o * in + i];
              float[] dr = d[o];
              for (int s = 0; s < m; s++) {
                p[s] += wo * dr[s];
              }
            }
          }
        }
      }
      return total;
    }

    void step(Options o, double lr, int batch) {
      steps++;
      float scale = 1f / batch;
      float wd = (float) o.weightDecay();
      if (o.adam()) {
        double c1 = 1 - StrictMath.pow(0.9, steps);
        double c2 = 1 - StrictMath.pow(0.999, steps);
        float a = (float) (lr * Math.sqrt(c2) / c1);
        float eps = (float) (1e-8 * Math.sqrt(c2));
        for (int k = 0; k < layers; k++) {
          Mlp.Layer l = mlp.layer(k);
          float[] mk = mw[k];
          float[] vk = vw[k];
          for (int r = 0; r < l.out; r++) {
            float[] g = gw[k][r];
            int base = r * l.in;
            for (int i = 0; i < l.in; i++) {
              int p = base + i;
              float gi = g[i] * scale + wd * l.w[p];
              float mi = 0.9f * mk[p] + 0.1f * gi;
              float vi = 0.999f * vk[p] + 0.001f * gi * gi;
              mk[p] = mi;
              vk[p] = vi;
              l.w[p] -= a * mi / ((float) Math.sqrt(vi) + eps);
            }
          }
          float[] g = gb[k];
          for (int i = 0; i < l.out; i++) {
            float gi = g[i] * scale;
            float mi = 0.9f * mb[k][i] + 0.1f * gi;
            float vi = 0.999f * vb[k][i] + 0.001f * gi * gi;
            mb[k][i] = mi;
            vb[k][i] = vi;
            l.b[i] -= a * mi / ((float) Math.sqrt(vi) + eps);
          }
        }
      } else {
        float a = (float) lr;
        for (int k = 0; k < layers; k++) {
          Mlp.Layer l = mlp.layer(k);
          for (int r = 0; r < l.out; r++) {
            float[] g = gw[k][r];
            int base = r * l.in;
            for (int i = 0; i < l.in; i++) {
              l.w[base + i] -= a * (g[i] * scale + wd * l.w[base + i]);
            }
          }
          for (int i = 0; i < l.out; i++) {
            l.b[i] -= a * gb[k][i] * scale;
          }
        }
      }
    }
  }
}
