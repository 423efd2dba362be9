package io.fleetloop.chip;

/**
 * The decision of a classifier head: the index of the largest output; ties go to the lowest index.
 * On the chip the comparison is on int8 codes, so two logits that saturate at 127 tie — one of the
 * ways a chip's decision departs from the FP32 model's.
 */
public final class Decisions {
  private Decisions() {}

  /** argmax of int8 codes, first index on ties. */
  public static int argmax(byte[] codes) {
    return argmax(codes, 0, codes.length);
  }

  /** argmax of {@code len} int8 codes from {@code offset}, first index on ties (0-based). */
  public static int argmax(byte[] codes, int offset, int len) {
    if (len <= 0) {
      throw new IllegalArgumentException("argmax of nothing");
    }
    int best = 0;
    int bestValue = codes[offset];
    for (int k = 1; k < len; k++) {
      if (codes[offset + k] > bestValue) {
        bestValue = codes[offset + k];
        best = k;
      }
    }
    return best;
  }

  /** argmax of floats (the FP32 decision), first index on ties; NaN never wins. */
  public static int argmax(float[] values) {
    return argmax(values, 0, values.length);
  }

  /** argmax of {@code len} floats from {@code offset}, first index on ties; NaN never wins. */
  public static int argmax(float[] values, int offset, int len) {
    if (len <= 0) {
      throw new IllegalArgumentException("argmax of nothing");
    }
    int best = -1;
    float bestValue = Float.NEGATIVE_INFINITY;
    for (int k = 0; k < len; k++) {
      float v = values[offset + k];
      if (best < 0 ? !Float.isNaN(v) : v > bestValue) {
        bestValue = v;
        best = k;
      }
    }
    return Math.max(best, 0);
  }
}
