package io.fleetloop.world.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A multi-layer perceptron: dense layers {@code y = act(W x + b)}, ReLU between layers and a linear
 * output. Weights are plain {@code float} arrays, row-major {@code [out][in]} ({@code W[o][i] =
 * weights[o * in + i]}), the form a quantizer reads.
 *
 * <p>FP32 arithmetic, in a fixed order: {@code acc = 0; acc += W[o][i]·x[i]} for ascending {@code
 * i}, then {@code acc + b[o]}, then the activation ({@code Math.max(v, 0f)} for ReLU). The
 * single-sample and the batched forward pass of a {@link Runner} follow that order, so they give
 * bit-identical results.
 *
 * <p>An {@code Mlp} is mutable (training updates it in place) and not synchronised: share it
 * between threads only while nobody trains it; each thread runs it through its own {@link
 * #runner()}.
 */
public final class Mlp {
  private final Layer[] layers;

  /** A network from its layers; consecutive layers must chain ({@code out} of one = {@code in}). */
  public Mlp(List<Layer> layers) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("an MLP needs at least one layer");
    }
    this.layers = layers.toArray(new Layer[0]);
    for (int k = 1; k < this.layers.length; k++) {
      if (this.layers[k].in != this.layers[k - 1].out) {
        throw new IllegalArgumentException(
            "layer "
                + k
                + " takes "
                + this.layers[k].in
                + " inputs but layer "
                + (k - 1)
                + " gives "
                + this.layers[k - 1].out);
      }
    }
  }

  /**
   * A freshly initialised network with the given widths ({@code sizes[0]} inputs, {@code
   * sizes[last]} outputs): He-normal weights for ReLU layers, Glorot-normal for the linear output,
   * zero biases, drawn from {@code seed}.
   */
  public static Mlp create(long seed, int... sizes) {
    if (sizes.length < 2) {
      throw new IllegalArgumentException("need at least input and output widths");
    }
    SplittableRandom rng = new SplittableRandom(seed);
    List<Layer> list = new ArrayList<>();
    for (int k = 0; k + 1 < sizes.length; k++) {
      int in = sizes[k];
      int out = sizes[k + 1];
      boolean last = k + 2 == sizes.length;
      double std = last ? Math.sqrt(2.0 / (in + out)) : Math.sqrt(2.0 / in);
      float[] w = new float[in * out];
      for (int j = 0; j < w.length; j++) {
        w[j] = (float) (rng.nextGaussian() * std);
      }
      list.add(new Layer(in, out, w, new float[out], last ? Activation.LINEAR : Activation.RELU));
    }
    return new Mlp(list);
  }

  /** Input width. */
  public int inputs() {
    return layers[0].in;
  }

  /** Output width. */
  public int outputs() {
    return layers[layers.length - 1].out;
  }

  /** Number of layers. */
  public int layerCount() {
    return layers.length;
  }

  /** Layer {@code k}, 0 = the input layer. */
  public Layer layer(int k) {
    return layers[k];
  }

  /** The layers, in order. */
  public List<Layer> layers() {
    return List.of(layers);
  }

  /** The widths: inputs, then each layer's outputs. */
  public int[] sizes() {
    int[] s = new int[layers.length + 1];
    s[0] = layers[0].in;
    for (int k = 0; k < layers.length; k++) {
      s[k + 1] = layers[k].out;
    }
    return s;
  }

  /** Multiply-accumulates of one forward pass. */
  public long macs() {
    long m = 0;
    for (Layer l : layers) {
      m += (long) l.in * l.out;
    }
    return m;
  }

  /** Trainable parameters (weights and biases). */
  public long parameterCount() {
    long p = 0;
    for (Layer l : layers) {
      p += (long) l.in * l.out + l.out;
    }
    return p;
  }

  /** A deep copy. */
  public Mlp copy() {
    List<Layer> list = new ArrayList<>(layers.length);
    for (Layer l : layers) {
      list.add(new Layer(l.in, l.out, l.w.clone(), l.b.clone(), l.activation));
    }
    return new Mlp(list);
  }

  /** One sample; allocates (use a {@link Runner} in loops). */
  public float[] forward(float[] x) {
    float[] y = new float[outputs()];
    runner().forward(x, 0, y, 0);
    return y;
  }

  /** Scratch space for running this network on one thread. */
  public Runner runner() {
    return new Runner();
  }

  /** Whether both networks have the same shapes, activations and bit-identical parameters. */
  public boolean sameAs(Mlp other) {
    if (other.layers.length != layers.length) {
      return false;
    }
    for (int k = 0; k < layers.length; k++) {
      Layer a = layers[k];
      Layer b = other.layers[k];
      if (a.in != b.in
          || a.out != b.out
          || a.activation != b.activation
          || !java.util.Arrays.equals(a.w, b.w)
          || !java.util.Arrays.equals(a.b, b.b)) {
        return false;
      }
    }
    return true;
  }

  /** One dense layer. Its parameter arrays are owned by the layer; accessors copy. */
  public static final class Layer {
    final int in;
    final int out;
    final float[] w;
    final float[] b;
    final Activation activation;

    /**
     * @param weights row-major {@code [out][in]}, copied
     * @param bias length {@code out}, copied
     */
    public Layer(int in, int out, float[] weights, float[] bias, Activation activation) {
      if (in <= 0 || out <= 0) {
        throw new IllegalArgumentException("layer widths must be positive: " + in + "x" + out);
      }
      if (weights.length != in * out || bias.length != out) {
        throw new IllegalArgumentException(
            "a "
                + in
                + "->"
                + out
                + " layer needs "
                + in * out
                + " weights and "
                + out
                + " biases");
      }
      this.in = in;
      this.out = out;
      this.w = weights.clone();
      this.b = bias.clone();
      this.activation = Objects.requireNonNull(activation, "activation");
    }

    public int in() {
      return in;
    }

    public int out() {
      return out;
    }

    public Activation activation() {
      return activation;
    }

    /** A copy of the weights, row-major {@code [out][in]}. */
    public float[] weights() {
      return w.clone();
    }

    /** A copy of the biases. */
    public float[] bias() {
      return b.clone();
    }

    /** {@code W[o][i]}. */
    public float weight(int o, int i) {
      return w[o * in + i];
    }

    /** Replaces the parameters (e.g. after a fine-tuning step elsewhere); copies. */
    public void set(float[] weights, float[] bias) {
      if (weights.length != w.length || bias.length != b.length) {
        throw new IllegalArgumentException("shape mismatch");
      }
      System.arraycopy(weights, 0, w, 0, w.length);
      System.arraycopy(bias, 0, b, 0, b.length);
    }
  }

  /**
   * Per-thread scratch for forward passes; allocation-free after construction (the batch buffers
   * grow once to the largest batch seen).
   */
  public final class Runner {
    private final float[][] act = new float[layers.length][];
    private final float[][][] batchAct = new float[layers.length][][];
    private int batchCapacity;

    private Runner() {
      for (int k = 0; k < layers.length; k++) {
        act[k] = new float[layers[k].out];
      }
    }

    /** The network this runner runs. */
    public Mlp network() {
      return Mlp.this;
    }

    /** One sample: reads {@code inputs()} floats at {@code xOff}, writes {@code outputs()}. */
    public void forward(float[] x, int xOff, float[] y, int yOff) {
      float[] src = x;
      int srcOff = xOff;
      for (int k = 0; k < layers.length; k++) {
        Layer l = layers[k];
        boolean last = k == layers.length - 1;
        float[] dst = last ? y : act[k];
        int dstOff = last ? yOff : 0;
        float[] w = l.w;
        float[] bias = l.b;
        int in = l.in;
        boolean relu = l.activation == Activation.RELU;
        for (int o = 0; o < l.out; o++) {
          int row = o * in;
          float acc = 0f;
          for (int i = 0; i < in; i++) {
            acc += w[row + i] * src[srcOff + i];
          }
          acc += bias[o];
          dst[dstOff + o] = relu ? Math.max(acc, 0f) : acc;
        }
        src = dst;
        srcOff = dstOff;
      }
    }

    /**
     * A batch in feature-major layout: input {@code i} of sample {@code s} at {@code x[i][s]},
     * output {@code o} of sample {@code s} written to {@code y[o][s]}, for {@code s < batch}. Each
     * row must hold at least {@code batch} floats. The inner loops run over samples with one index
     * into distinct row arrays, the shape the JIT vectorises.
     */
    public void forwardBatch(float[][] x, int batch, float[][] y) {
      if (batch > batchCapacity) {
        for (int k = 0; k < layers.length - 1; k++) {
          batchAct[k] = new float[layers[k].out][batch];
        }
        batchCapacity = batch;
      }
      float[][] src = x;
      for (int k = 0; k < layers.length; k++) {
        Layer l = layers[k];
        float[][] dst = k == layers.length - 1 ? y : batchAct[k];
        denseBatch(l, src, dst, batch);
        src = dst;
      }
    }
  }

  /**
   * One layer over a feature-major batch: {@code dst[o][j] = act(Σ_i W[o][i]·src[i][j] + b[o])},
   * accumulated in ascending {@code i} as in the one-sample pass.
   */
  static void denseBatch(Layer l, float[][] src, float[][] dst, int batch) {
    float[] w = l.w;
    float[] bias = l.b;
    int in = l.in;
    boolean relu = l.activation == Activation.RELU;
    for (int o = 0; o < l.out; o++) {
      float[] d = dst[o];
      int row = o * in;
      java.util.Arrays.fill(d, 0, batch, 0f);
      int i = 0;
      // four inputs per pass: one load/store of d per four multiply-adds; Java evaluates
      // d + w0·s0 + w1·s1 + ... left to right, the same order as the one-sample loop
      for (; i + 3 < in; i += 4) {
        float w0 = w[row + i];
        float w1 = w[row + i + 1];
        float w2 = w[row + i + 2];
        float w3 = w[row + i + 3];
        float[] s0 = src[i];
        float[] s1 = src[i + 1];
        float[] s2 = src[i + 2];
        float[] s3 = src[i + 3];
        for (int j = 0; j < batch; j++) {
          d[j] = d[j] + w0 * s0[j] + w1 * s1[j] + w2 * s2[j] + w3 * s3[j];
        }
      }
      for (; i < in; i++) {
        float wi = w[row + i];
        float[] s = src[i];
        for (int j = 0; j < batch; j++) {
          d[j] += wi * s[j];
        }
      }
      float bo = bias[o];
      if (relu) {
        for (int j = 0; j < batch; j++) {
          d[j] = Math.max(d[j] + bo, 0f);
        }
      } else {
        for (int j = 0; j < batch; j++) {
          d[j] += bo;
        }
      }
    }
  }
}
