package io.fleetloop.trainer;

import io.fleetloop.chip.ChipRuntime;
import io.fleetloop.chip.Decisions;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.model.Dataset;
import io.fleetloop.world.model.Mlp;

/**
 * The policy's decision (the longitudinal category: argmax of the four category logits, the first
 * on ties; the steering output is not part of it) under each forward: FP32 and the chip.
 */
public final class PolicyDecisions {
  private static final int CHUNK = 256;

  private PolicyDecisions() {}

  /** The inputs of every sample, back to back. */
  public static float[] inputs(Dataset data) {
    float[] x = new float[data.size() * data.inputs()];
    float[] row = new float[data.inputs()];
    for (int i = 0; i < data.size(); i++) {
      data.input(i, row);
      System.arraycopy(row, 0, x, i * row.length, row.length);
    }
    return x;
  }

  /** The human's category of every sample. */
  public static int[] labels(Dataset data) {
    int[] y = new int[data.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = TrainingSamples.label(data, i);
    }
    return y;
  }

  /**
   * FP32 decisions ({@link PolicyModel#category}) of {@code n} samples back to back in {@code x}.
   */
  public static int[] fp32(Mlp mlp, float[] x, int n) {
    Mlp.Runner r = mlp.runner();
    float[] out = new float[mlp.outputs()];
    int[] d = new int[n];
    for (int s = 0; s < n; s++) {
      r.forward(x, s * mlp.inputs(), out, 0);
      d[s] = PolicyModel.category(out);
    }
    return d;
  }

  /**
   * Chip decisions (argmax of the four category codes, {@link Decisions#argmax(byte[], int, int)})
   * of {@code n} float samples back to back in {@code x}, through the chip's input stage.
   */
  public static int[] chip(ChipRuntime chip, float[] x, int n) {
    int in = chip.inputSize();
    int out = chip.outputSize();
    byte[] codes = new byte[CHUNK * out];
    int[] d = new int[n];
    for (int b = 0; b < n; b += CHUNK) {
      int m = Math.min(CHUNK, n - b);
      chip.forwardBatch(x, b * in, m, codes, 0);
      for (int s = 0; s < m; s++) {
        d[b + s] = Decisions.argmax(codes, s * out, PolicyObjective.CATEGORIES);
      }
    }
    return d;
  }

  /** Share of positions where {@code a} and {@code b} agree. */
  public static double agreement(int[] a, int[] b) {
    if (a.length == 0) {
      return Double.NaN;
    }
    int same = 0;
    for (int i = 0; i < a.length; i++) {
      same += a[i] == b[i] ? 1 : 0;
    }
    return (double) same / a.length;
  }
}
