package io.fleetloop.world.model;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Training samples: an input vector, a target vector and an integer tag (for the policy: the
 * sample's driving condition) per sample, stored flat. Immutable once built.
 */
public final class Dataset {
  private final int inputs;
  private final int targetWidth;
  private final int size;
  private final float[] x;
  private final float[] y;
  private final int[] tags;

  private Dataset(int inputs, int targetWidth, int size, float[] x, float[] y, int[] tags) {
    this.inputs = inputs;
    this.targetWidth = targetWidth;
    this.size = size;
    this.x = x;
    this.y = y;
    this.tags = tags;
  }

  public static Builder builder(int inputs, int targetWidth) {
    return new Builder(inputs, targetWidth);
  }

  public int size() {
    return size;
  }

  public int inputs() {
    return inputs;
  }

  public int targetWidth() {
    return targetWidth;
  }

  /** Input {@code j} of sample {@code i}. */
  public float input(int i, int j) {
    return x[i * inputs + j];
  }

  /** Target {@code j} of sample {@code i}. */
  public float target(int i, int j) {
    return y[i * targetWidth + j];
  }

  /** Sample {@code i}'s tag. */
  public int tag(int i) {
    return tags[i];
  }

  /** Copies sample {@code i}'s input into {@code dst}. */
  public void input(int i, float[] dst) {
    System.arraycopy(x, i * inputs, dst, 0, inputs);
  }

  /** Copies sample {@code i}'s target into {@code dst}. */
  public void target(int i, float[] dst) {
    System.arraycopy(y, i * targetWidth, dst, 0, targetWidth);
  }

  float[] inputsArray() {
    return x;
  }

  float[] targetsArray() {
    return y;
  }

  /** The samples whose tag satisfies {@code keep}, in order. */
  public Dataset filterByTag(IntPredicate keep) {
    Builder b = new Builder(inputs, targetWidth);
    for (int i = 0; i < size; i++) {
      if (keep.test(tags[i])) {
        b.add(x, i * inputs, y, i * targetWidth, tags[i]);
      }
    }
    return b.build();
  }

  /** This dataset followed by {@code other} (same widths). */
  public Dataset concat(Dataset other) {
    if (other.inputs != inputs || other.targetWidth != targetWidth) {
      throw new IllegalArgumentException("datasets have different widths");
    }
    int n = size + other.size;
    float[] nx = Arrays.copyOf(x, n * inputs);
    System.arraycopy(other.x, 0, nx, size * inputs, other.size * inputs);
    float[] ny = Arrays.copyOf(y, n * targetWidth);
    System.arraycopy(other.y, 0, ny, size * targetWidth, other.size * targetWidth);
    int[] nt = Arrays.copyOf(tags, n);
    System.arraycopy(other.tags, 0, nt, size, other.size);
    return new Dataset(inputs, targetWidth, n, nx, ny, nt);
  }

  /** Accumulates samples; amortised growth. */
  public static final class Builder {
    private final int inputs;
    private final int targetWidth;
    private int size;
    private float[] x;
    private float[] y;
    private int[] tags;

    private Builder(int inputs, int targetWidth) {
      if (inputs <= 0 || targetWidth <= 0) {
        throw new IllegalArgumentException("widths must be positive");
      }
      this.inputs = inputs;
      this.targetWidth = targetWidth;
      this.x = new float[inputs * 64];
      this.y = new float[targetWidth * 64];
      this.tags = new int[64];
    }

    public int size() {
      return size;
    }

    /** Adds one sample (copies). */
    public Builder add(float[] input, float[] target, int tag) {
      if (input.length != inputs || target.length != targetWidth) {
        throw new IllegalArgumentException("sample widths do not match the dataset");
      }
      return add(input, 0, target, 0, tag);
    }

    /** Adds one sample from offsets into larger arrays (copies). */
    public Builder add(float[] input, int inOff, float[] target, int tOff, int tag) {
      if (size == tags.length) {
        int cap = tags.length * 2;
        x = Arrays.copyOf(x, cap * inputs);
        y = Arrays.copyOf(y, cap * targetWidth);
        tags = Arrays.copyOf(tags, cap);
      }
      System.arraycopy(input, inOff, x, size * inputs, inputs);
      System.arraycopy(target, tOff, y, size * targetWidth, targetWidth);
      tags[size] = tag;
      size++;
      return this;
    }

    public Dataset build() {
      return new Dataset(
          inputs,
          targetWidth,
          size,
          Arrays.copyOf(x, size * inputs),
          Arrays.copyOf(y, size * targetWidth),
          Arrays.copyOf(tags, size));
    }
  }
}
