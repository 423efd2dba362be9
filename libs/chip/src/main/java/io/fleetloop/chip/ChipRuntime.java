package io.fleetloop.chip;

import java.util.ArrayList;
import java.util.List;

/**
 * The edge chip: runs a {@link QuantizedModel} with the integer datapath of docs/chip-arithmetic.md
 * §4. The multiply-accumulate and requantization path uses int and long arithmetic only; floats
 * appear only at the boundary (quantizing a float input, dequantizing an output, traces).
 *
 * <p>An instance owns its scratch buffers: the {@code forward} methods that take output arrays
 * allocate nothing. Not thread-safe; use one runtime per thread (the model is immutable and can be
 * shared).
 */
public final class ChipRuntime {
  /** Batch path: samples go through each layer {@value} at a time, one pass over the weights. */
  static final int BLOCK = 4;

  /** {@link #decideBatch} runs the batch path over pieces of this many samples. */
  private static final int DECIDE_CHUNK = 64;

  private final QuantizedModel model;
  private final Rounding rounding;
  private final boolean saturate;
  private final QuantizedLayer[] layers;

  /** Per layer, per channel: the accumulation must saturate step by step (it might overflow). */
  private final boolean[][] checked;

  /**
   * The int8 weights widened to int, once: the JIT vectorizes an int·int multiply-accumulate
   * (several times faster here than byte·int); values and results are the same.
   */
  private final int[][] wideWeights;

  // one-sample scratch
  private final int[] centered;
  private final byte[] bufA;
  private final byte[] bufB;
  private final byte[] inputCodes;
  private final byte[] outputCodes;

  // batch scratch: BLOCK samples, sample-major (sample s, feature i at s * width + i)
  private final int[] centeredBlock;
  private final byte[] blockA;
  private final byte[] blockB;
  private final byte[] inputBlock;
  private final int[] accBlock = new int[BLOCK];
  private final byte[] codeBlock = new byte[BLOCK];
  private final byte[] decideOutput;

  private float[][] realWeights;

  public ChipRuntime(QuantizedModel model) {
    this.model = model;
    this.rounding = model.arithmetic().rounding();
    this.saturate = model.arithmetic().saturate();
    this.layers = model.layers().toArray(new QuantizedLayer[0]);
    this.checked = new boolean[layers.length][];
    this.wideWeights = new int[layers.length][];
    int width = 0;
    for (int k = 0; k < layers.length; k++) {
      QuantizedLayer l = layers[k];
      width = Math.max(width, Math.max(l.in(), l.out()));
      checked[k] = new boolean[l.out()];
      wideWeights[k] = new int[l.weights().length];
      for (int j = 0; j < wideWeights[k].length; j++) {
        wideWeights[k][j] = l.weights()[j];
      }
      for (int o = 0; o < l.out(); o++) {
        // Wrapping accumulation is Java int arithmetic; saturating accumulation needs the slow,
        // step-by-step loop only where some partial sum could leave int32.
        checked[k][o] = saturate && !l.overflowFree(o);
      }
    }
    this.centered = new int[width];
    this.bufA = new byte[width];
    this.bufB = new byte[width];
    this.inputCodes = new byte[model.inputSize()];
    this.outputCodes = new byte[model.outputSize()];
    this.centeredBlock = new int[BLOCK * width];
    this.blockA = new byte[BLOCK * width];
    this.blockB = new byte[BLOCK * width];
    this.inputBlock = new byte[BLOCK * model.inputSize()];
    this.decideOutput = new byte[DECIDE_CHUNK * model.outputSize()];
  }

  public QuantizedModel model() {
    return model;
  }

  public int inputSize() {
    return model.inputSize();
  }

  public int outputSize() {
    return model.outputSize();
  }

  // ---------------------------------------------------------------- int8 in, int8 out

  /**
   * One sample, allocation-free: reads {@code inputSize()} int8 codes from {@code x[xOffset..]},
   * writes {@code outputSize()} int8 codes to {@code y[yOffset..]}.
   */
  public void forward(byte[] x, int xOffset, byte[] y, int yOffset) {
    byte[] src = x;
    int srcOff = xOffset;
    int last = layers.length - 1;
    for (int k = 0; k <= last; k++) {
      byte[] dst = k == last ? y : ((k & 1) == 0 ? bufA : bufB);
      int dstOff = k == last ? yOffset : 0;
      layer(k, src, srcOff, dst, dstOff);
      src = dst;
      srcOff = dstOff;
    }
  }

  /** One sample; allocates the output. */
  public byte[] forward(byte[] x) {
    FloatNetwork.checkLength(x.length, inputSize());
    byte[] y = new byte[outputSize()];
    forward(x, 0, y, 0);
    return y;
  }

  /**
   * {@code batch} samples stored back to back in {@code x}; outputs back to back in {@code y}.
   * Allocation-free. Samples go through each layer {@value #BLOCK} at a time, so each weight is
   * read once per block; the results are those of {@link #forward(byte[], int, byte[], int)}, bit
   * for bit.
   */
  public void forwardBatch(byte[] x, int batch, byte[] y) {
    int in = inputSize();
    int out = outputSize();
    int b = 0;
    for (; b + BLOCK <= batch; b += BLOCK) {
      forwardBlock(x, b * in, y, b * out);
    }
    for (; b < batch; b++) {
      forward(x, b * in, y, b * out);
    }
  }

  // ---------------------------------------------------------------- float in

  /**
   * The chip's input stage: {@code q = clamp(round(x / s_in) + z_in, −128, 127)} with the chip's
   * rounding, exact (docs/chip-arithmetic.md §4.1).
   */
  public void quantizeInput(float[] x, int xOffset, byte[] q, int qOffset) {
    QuantParams p = model.input();
    float s = p.scale();
    int z = p.zeroPoint();
    int n = inputSize();
    for (int i = 0; i < n; i++) {
      q[qOffset + i] =
          (byte)
              rounding.quantize(
                  x[xOffset + i],
                  s,
                  z,
                  ChipArithmetic.ACTIVATION_MIN,
                  ChipArithmetic.ACTIVATION_MAX);
    }
  }

  /** One float sample quantized at the input scale, then the integer forward; allocation-free. */
  public void forward(float[] x, int xOffset, byte[] y, int yOffset) {
    quantizeInput(x, xOffset, inputCodes, 0);
    forward(inputCodes, 0, y, yOffset);
  }

  /** One float sample; allocates the int8 output. */
  public byte[] forward(float[] x) {
    FloatNetwork.checkLength(x.length, inputSize());
    byte[] y = new byte[outputSize()];
    forward(x, 0, y, 0);
    return y;
  }

  /** {@code batch} float samples back to back; int8 outputs back to back. Allocation-free. */
  public void forwardBatch(float[] x, int batch, byte[] y) {
    forwardBatch(x, 0, batch, y, 0);
  }

  /**
   * {@code batch} float samples back to back from {@code x[xOffset..]}; int8 outputs back to back
   * from {@code y[yOffset..]}. Allocation-free; the results of the one-sample forward.
   */
  public void forwardBatch(float[] x, int xOffset, int batch, byte[] y, int yOffset) {
    int in = inputSize();
    int out = outputSize();
    int b = 0;
    for (; b + BLOCK <= batch; b += BLOCK) {
      for (int s = 0; s < BLOCK; s++) {
        quantizeInput(x, xOffset + (b + s) * in, inputBlock, s * in);
      }
      forwardBlock(inputBlock, 0, y, yOffset + b * out);
    }
    for (; b < batch; b++) {
      forward(x, xOffset + b * in, y, yOffset + b * out);
    }
  }

  /** The chip's decision for a float sample ({@link Decisions#argmax(byte[])}); allocation-free. */
  public int decide(float[] x) {
    forward(x, 0, outputCodes, 0);
    return Decisions.argmax(outputCodes, 0, outputCodes.length);
  }

  /**
   * The chip's decisions for {@code batch} float samples back to back: {@code decisions[s]} is the
   * argmax of sample {@code s}'s output codes. Allocation-free.
   */
  public void decideBatch(float[] x, int batch, int[] decisions) {
    int in = inputSize();
    int out = outputSize();
    for (int b = 0; b < batch; b += DECIDE_CHUNK) {
      int n = Math.min(DECIDE_CHUNK, batch - b);
      forwardBatch(x, b * in, n, decideOutput, 0);
      for (int s = 0; s < n; s++) {
        decisions[b + s] = Decisions.argmax(decideOutput, s * out, out);
      }
    }
  }

  /** Output codes as reals: {@code (q − z_out) · s_out} in float32. */
  public float[] dequantize(byte[] codes) {
    QuantParams p = model.output();
    float[] r = new float[codes.length];
    for (int k = 0; k < codes.length; k++) {
      r[k] = p.dequantize(codes[k]);
    }
    return r;
  }

  // ---------------------------------------------------------------- the datapath

  private void layer(int k, byte[] src, int srcOff, byte[] dst, int dstOff) {
    QuantizedLayer l = layers[k];
    int in = l.in();
    int out = l.out();
    int zIn = l.input().zeroPoint();
    int[] c = centered;
    for (int i = 0; i < in; i++) {
      c[i] = src[srcOff + i] - zIn; // in [-255, 255]
    }
    int[] w = wideWeights[k];
    int[] bias = l.bias();
    int[] mult = l.multipliers();
    int[] shift = l.shifts();
    boolean[] chk = checked[k];
    int zOut = l.output().zeroPoint();
    int lo = l.activationMin();
    int hi = l.activationMax();
    for (int o = 0; o < out; o++) {
      int row = o * in;
      int acc =
          chk[o] ? accumulateSaturating(w, row, c, 0, in, bias[o]) : dot(w, row, c, in, bias[o]);
      int v = requantize(acc, mult[o], shift[o], zOut, rounding, saturate);
      dst[dstOff + o] = (byte) (v < lo ? lo : (v > hi ? hi : v));
    }
  }

  /** {@link #BLOCK} samples back to back, each layer for all of them before the next layer. */
  private void forwardBlock(byte[] x, int xOffset, byte[] y, int yOffset) {
    byte[] src = x;
    int srcOff = xOffset;
    int last = layers.length - 1;
    for (int k = 0; k <= last; k++) {
      byte[] dst = k == last ? y : ((k & 1) == 0 ? blockA : blockB);
      int dstOff = k == last ? yOffset : 0;
      layerBlock(k, src, srcOff, dst, dstOff);
      src = dst;
      srcOff = dstOff;
    }
  }

  private void layerBlock(int k, byte[] src, int srcOff, byte[] dst, int dstOff) {
    QuantizedLayer l = layers[k];
    int in = l.in();
    int out = l.out();
    int zIn = l.input().zeroPoint();
    int[] c = centeredBlock;
    for (int j = 0; j < BLOCK * in; j++) {
      c[j] = src[srcOff + j] - zIn; // sample s, input i at s * in + i, as in src
    }
    int[] w = wideWeights[k];
    int[] bias = l.bias();
    int[] mult = l.multipliers();
    int[] shift = l.shifts();
    boolean[] chk = checked[k];
    int zOut = l.output().zeroPoint();
    int lo = l.activationMin();
    int hi = l.activationMax();
    int[] acc = accBlock;
    byte[] codes = codeBlock;
    for (int o = 0; o < out; o++) {
      int row = o * in;
      if (chk[o]) {
        for (int s = 0; s < BLOCK; s++) {
          acc[s] = accumulateSaturating(w, row, c, s * in, in, bias[o]);
        }
      } else {
        dot4(w, row, c, in, bias[o], acc);
      }
      requantizeChunk(acc, BLOCK, mult[o], shift[o], zOut, lo, hi, rounding, saturate, codes, 0);
      for (int s = 0; s < BLOCK; s++) {
        dst[dstOff + s * out + o] = codes[s];
      }
    }
  }

  /**
   * Bias, then each product in ascending input order, in Java int arithmetic: wraps modulo 2^32,
   * which is the wrapping accumulator, and equals the saturating one when no partial sum can
   * overflow. A small method of its own so that the JIT vectorizes it.
   */
  static int dot(int[] w, int row, int[] c, int in, int bias) {
    int a = bias;
    for (int i = 0; i < in; i++) {
      a += w[row + i] * c[i];
    }
    return a;
  }

  /**
   * {@link #dot} for {@link #BLOCK} samples stored back to back in {@code c} (stride {@code in}),
   * each weight loaded once for the four: per sample the same sum in the same order.
   */
  static void dot4(int[] w, int row, int[] c, int in, int bias, int[] acc) {
    int a0 = bias;
    int a1 = bias;
    int a2 = bias;
    int a3 = bias;
    for (int i = 0; i < in; i++) {
      int wi = w[row + i];
      a0 += wi * c[i];
      a1 += wi * c[in + i];
      a2 += wi * c[2 * in + i];
      a3 += wi * c[3 * in + i];
    }
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
  }

  /** Bias, then each product in ascending input order, every sum clamped to int32. */
  static int accumulateSaturating(int[] w, int row, int[] c, int cOff, int in, int bias) {
    long a = bias;
    for (int i = 0; i < in; i++) {
      a += w[row + i] * c[cOff + i];
      if (a > Integer.MAX_VALUE) {
        a = Integer.MAX_VALUE;
      } else if (a < Integer.MIN_VALUE) {
        a = Integer.MIN_VALUE;
      }
    }
    return (int) a;
  }

  /**
   * The requantization of one accumulator, before the output clamp: {@code narrow32(narrow32(
   * round(acc · M0 / 2^(31 − shift))) + z_out)}.
   */
  static int requantize(
      int acc, int multiplier, int shift, int zOut, Rounding rounding, boolean saturate) {
    long r = Rounding.shiftRight((long) acc * multiplier, 31 - shift, rounding);
    int v = ChipArithmetic.narrow32(r, saturate);
    return ChipArithmetic.narrow32((long) v + zOut, saturate);
  }

  /**
   * {@link #requantize} and the output clamp for {@code n} accumulators of one channel, the
   * rounding mode hoisted out of the loop: {@code dst[dstOff + s] = clamp(N(N(R(acc[s] · M0, 31 −
   * shift)) + z_out), lo, hi)}.
   */
  static void requantizeChunk(
      int[] acc,
      int n,
      int multiplier,
      int shift,
      int zOut,
      int lo,
      int hi,
      Rounding rounding,
      boolean saturate,
      byte[] dst,
      int dstOff) {
    int sh = 31 - shift; // in [1, 62]
    long mask = (1L << sh) - 1;
    long half = 1L << (sh - 1);
    switch (rounding) {
      case HALF_EVEN:
        for (int s = 0; s < n; s++) {
          long p = (long) acc[s] * multiplier;
          long f = p >> sh;
          long r = p & mask;
          if (r > half || (r == half && (f & 1L) != 0)) {
            f++;
          }
          dst[dstOff + s] = outputCode(f, zOut, lo, hi, saturate);
        }
        break;
      case HALF_AWAY_FROM_ZERO:
        for (int s = 0; s < n; s++) {
          long p = (long) acc[s] * multiplier;
          long f = p >> sh;
          long r = p & mask;
          if (r > half || (r == half && p >= 0)) {
            f++;
          }
          dst[dstOff + s] = outputCode(f, zOut, lo, hi, saturate);
        }
        break;
      case TOWARD_ZERO:
        for (int s = 0; s < n; s++) {
          long p = (long) acc[s] * multiplier;
          long f = p >> sh;
          if (p < 0 && (p & mask) != 0) {
            f++;
          }
          dst[dstOff + s] = outputCode(f, zOut, lo, hi, saturate);
        }
        break;
      default:
        throw new AssertionError(rounding);
    }
  }

  /** Steps 4–6 of the datapath: narrow to int32, add the zero point, clamp to int8. */
  private static byte outputCode(long rounded, int zOut, int lo, int hi, boolean saturate) {
    int v;
    if (saturate) {
      long c =
          rounded < Integer.MIN_VALUE ? Integer.MIN_VALUE : Math.min(rounded, Integer.MAX_VALUE);
      long t = c + zOut;
      v = (int) (t < Integer.MIN_VALUE ? Integer.MIN_VALUE : Math.min(t, Integer.MAX_VALUE));
    } else {
      v = (int) rounded + zOut;
    }
    return (byte) (v < lo ? lo : (v > hi ? hi : v));
  }

  // ---------------------------------------------------------------- traces (for training)

  /** The forward of one float sample with every layer's values, for a backward pass. Allocates. */
  public ForwardTrace trace(float[] x) {
    FloatNetwork.checkLength(x.length, inputSize());
    byte[] q = new byte[inputSize()];
    quantizeInput(x, 0, q, 0);
    return trace(q);
  }

  /** The forward of one int8 sample with every layer's values; the same datapath as forward. */
  public ForwardTrace trace(byte[] x) {
    FloatNetwork.checkLength(x.length, inputSize());
    if (realWeights == null) {
      float[][] rw = new float[layers.length][];
      for (int k = 0; k < layers.length; k++) {
        rw[k] = layers[k].dequantizedWeights();
      }
      realWeights = rw;
    }
    List<LayerTrace> traces = new ArrayList<>(layers.length);
    byte[] src = x;
    for (int k = 0; k < layers.length; k++) {
      QuantizedLayer l = layers[k];
      int in = l.in();
      int out = l.out();
      int zIn = l.input().zeroPoint();
      int[] c = new int[in];
      float[] input = new float[in];
      for (int i = 0; i < in; i++) {
        c[i] = src[i] - zIn;
        input[i] = l.input().dequantize(src[i]);
      }
      byte[] codes = new byte[out];
      float[] output = new float[out];
      float[] mask = new float[out];
      int zOut = l.output().zeroPoint();
      int lo = l.activationMin();
      int hi = l.activationMax();
      boolean relu = l.activation() == Activation.RELU;
      for (int o = 0; o < out; o++) {
        int acc;
        if (checked[k][o]) {
          acc = accumulateSaturating(wideWeights[k], o * in, c, 0, in, l.bias()[o]);
        } else {
          acc = dot(wideWeights[k], o * in, c, in, l.bias()[o]);
        }
        int v = requantize(acc, l.multipliers()[o], l.shifts()[o], zOut, rounding, saturate);
        int q = v < lo ? lo : (v > hi ? hi : v);
        codes[o] = (byte) q;
        output[o] = l.output().dequantize(q);
        boolean inside =
            v >= ChipArithmetic.ACTIVATION_MIN
                && v <= ChipArithmetic.ACTIVATION_MAX
                && (!relu || acc > 0); // the pre-activation is acc · s_in · s_w[o]
        mask[o] = inside ? 1f : 0f;
      }
      traces.add(new LayerTrace(in, out, input, realWeights[k], codes, output, mask));
      src = codes;
    }
    return new ForwardTrace(traces);
  }
}
