package io.fleetloop.chip;

import java.util.ArrayList;
import java.util.List;

/**
 * The FP32 reference forward of a stack of {@link DenseLayer}s: float32 arithmetic, {@code acc =
 * Σ_i W[o][i]·x[i]} in ascending {@code i} from 0, then {@code + b[o]}, then the activation.
 *
 * <p>It serves calibration (the activation ranges the quantizer needs) and the benchmark's FP32
 * baseline; the policy model of libs/world remains the FP32 model of record. An instance owns
 * scratch buffers: {@link #forward(float[], int, float[], int)} allocates nothing; not thread-safe.
 */
public final class FloatNetwork {
  private final List<DenseLayer> layers;
  private final float[] bufA;
  private final float[] bufB;

  public FloatNetwork(List<DenseLayer> layers) {
    this.layers = List.copyOf(checkChain(layers));
    int width = 0;
    for (DenseLayer l : this.layers) {
      width = Math.max(width, Math.max(l.in(), l.out()));
    }
    this.bufA = new float[width];
    this.bufB = new float[width];
  }

  static List<DenseLayer> checkChain(List<DenseLayer> layers) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a network needs at least one layer");
    }
    for (int k = 1; k < layers.size(); k++) {
      if (layers.get(k).in() != layers.get(k - 1).out()) {
        throw new IllegalArgumentException(
            "layer "
                + k
                + " takes "
                + layers.get(k).in()
                + " inputs but layer "
                + (k - 1)
                + " gives "
                + layers.get(k - 1).out());
      }
    }
    return layers;
  }

  public List<DenseLayer> layers() {
    return layers;
  }

  public int inputSize() {
    return layers.get(0).in();
  }

  public int outputSize() {
    return layers.get(layers.size() - 1).out();
  }

  /** Multiply-accumulates of one forward pass. */
  public long macs() {
    long m = 0;
    for (DenseLayer l : layers) {
      m += l.macs();
    }
    return m;
  }

  /** One sample, allocation-free: reads {@code inputSize()} floats, writes {@code outputSize()}. */
  public void forward(float[] x, int xOffset, float[] y, int yOffset) {
    float[] src = x;
    int srcOff = xOffset;
    int n = layers.size();
    for (int k = 0; k < n; k++) {
      DenseLayer l = layers.get(k);
      float[] dst = k == n - 1 ? y : ((k & 1) == 0 ? bufA : bufB);
      int dstOff = k == n - 1 ? yOffset : 0;
      dense(l, src, srcOff, dst, dstOff);
      src = dst;
      srcOff = dstOff;
    }
  }

  /** One sample; allocates the output. */
  public float[] forward(float[] x) {
    checkLength(x.length, inputSize());
    float[] y = new float[outputSize()];
    forward(x, 0, y, 0);
    return y;
  }

  /** A batch of {@code batch} rows stored back to back. */
  public void forwardBatch(float[] x, int batch, float[] y) {
    int in = inputSize();
    int out = outputSize();
    for (int b = 0; b < batch; b++) {
      forward(x, b * in, y, b * out);
    }
  }

  /**
   * Every tensor of one forward pass: element 0 is the input, element {@code k + 1} the output of
   * layer {@code k} (after its activation). Allocates; for calibration and tests.
   */
  public List<float[]> trace(float[] x) {
    checkLength(x.length, inputSize());
    List<float[]> tensors = new ArrayList<>(layers.size() + 1);
    tensors.add(x.clone());
    float[] cur = x;
    for (DenseLayer l : layers) {
      float[] next = new float[l.out()];
      dense(l, cur, 0, next, 0);
      tensors.add(next);
      cur = next;
    }
    return tensors;
  }

  static void dense(DenseLayer l, float[] x, int xOff, float[] y, int yOff) {
    int in = l.in();
    int out = l.out();
    float[] w = l.weights();
    float[] b = l.bias();
    boolean relu = l.activation() == Activation.RELU;
    for (int o = 0; o < out; o++) {
      int row = o * in;
      float acc = 0f;
      for (int i = 0; i < in; i++) {
        acc += w[row + i] * x[xOff + i];
      }
      acc += b[o];
      y[yOff + o] = relu && acc < 0f ? 0f : acc;
    }
  }

  static void checkLength(int actual, int expected) {
    if (actual != expected) {
      throw new IllegalArgumentException("expected " + expected + " values, got " + actual);
    }
  }
}
