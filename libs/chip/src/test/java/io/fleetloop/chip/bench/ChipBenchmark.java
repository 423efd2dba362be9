package io.fleetloop.chip.bench;

import io.fleetloop.chip.Activation;
import io.fleetloop.chip.ChipArithmetic;
import io.fleetloop.chip.ChipRuntime;
import io.fleetloop.chip.DenseLayer;
import io.fleetloop.chip.FloatNetwork;
import io.fleetloop.chip.QuantizedModel;
import io.fleetloop.chip.Quantizer;
import io.fleetloop.chip.Rounding;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Inferences per second of the chip runtime next to the FP32 forward of the same network, measured
 * in the same run, single thread.
 *
 * <pre>
 * ./mvnw -q -pl libs/chip exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.fleetloop.chip.bench.ChipBenchmark [-Dexec.args="--seconds 2 --rounds 5"]
 * </pre>
 *
 * Variants: the FP32 reference forward ({@link FloatNetwork}, strict left-to-right float sums), a
 * tuned FP32 forward (eight partial sums), the chip one sample at a time from int8 codes, the
 * chip's batch path (four samples per weight pass) from int8 codes, and the batch path from floats
 * (including the chip's input quantization). Each network runs in a JVM of its own (a child
 * process), so that the JIT compiles the kernels for that network's shapes only. Each network is
 * measured in alternating rounds after a warm-up; the best round of each variant is reported (the
 * least disturbed by the machine). Rates are per second of the measuring thread's CPU time, so that
 * a machine shared with other work still gives comparable figures; the ratios, measured in the same
 * run, are the numbers to read.
 */
public final class ChipBenchmark {
  private static volatile long sink;

  private ChipBenchmark() {}

  /**
   * The networks measured, each in a JVM of its own; the arithmetic as {@code rounding:saturate}.
   */
  private static final String[][] CASES = {
    // the reference policy's shape (libs/world PolicyModel: 26 features, 32, 32, 5 actions)
    {"26,32,32,5", "HalfEven:true"},
    {"64,256,256,8", "HalfEven:true"},
    {"256,512,512,16", "HalfEven:true"},
    {"64,256,256,8", "TowardZero:false"},
  };

  public static void main(String[] args) throws Exception {
    double seconds = 1.0;
    int rounds = 5;
    String network = null;
    String arithmetic = null;
    for (int k = 0; k < args.length; k++) {
      switch (args[k]) {
        case "--seconds":
          seconds = Double.parseDouble(args[++k]);
          break;
        case "--rounds":
          rounds = Integer.parseInt(args[++k]);
          break;
        case "--network":
          network = args[++k];
          break;
        case "--arithmetic":
          arithmetic = args[++k];
          break;
        default:
          throw new IllegalArgumentException("unknown argument " + args[k]);
      }
    }
    if (network != null) {
      run(parseWidths(network), parseArithmetic(arithmetic), seconds, rounds);
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "ChipBenchmark: java %s, %d cpus, load %.1f, %d rounds x %.1fs %s per variant, single"
            + " thread, one JVM per network%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        rounds,
        seconds,
        CPU_TIME ? "thread CPU time" : "wall time");
    System.out.printf(
        Locale.ROOT,
        "%-18s %-24s %13s %9s %13s %12s %12s %12s%n",
        "network",
        "variant",
        "inferences/s",
        "GMAC/s",
        "ns/inference",
        "vs FP32 ref",
        "vs FP32 8acc",
        "vs FP32 bat");
    System.out.flush();
    // A fresh JVM per network: the JIT compiles a loop for the trip counts it has seen, so a kernel
    // warmed on 32-wide layers stays slow on 512-wide ones (and vice versa) within one JVM.
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        location(ChipBenchmark.class) + File.pathSeparator + location(ChipRuntime.class);
    for (String[] c : CASES) {
      Process p =
          new ProcessBuilder(
                  java,
                  "-cp",
                  classpath,
                  ChipBenchmark.class.getName(),
                  "--network",
                  c[0],
                  "--arithmetic",
                  c[1],
                  "--seconds",
                  Double.toString(seconds),
                  "--rounds",
                  Integer.toString(rounds))
              .inheritIO()
              .start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("benchmark of " + c[0] + " failed");
      }
    }
  }

  private static String location(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  private static int[] parseWidths(String s) {
    String[] parts = s.split(",");
    int[] w = new int[parts.length];
    for (int k = 0; k < parts.length; k++) {
      w[k] = Integer.parseInt(parts[k].trim());
    }
    return w;
  }

  private static ChipArithmetic parseArithmetic(String s) {
    if (s == null) {
      return ChipArithmetic.defaults();
    }
    String[] parts = s.split(":");
    return new ChipArithmetic(Rounding.fromSpec(parts[0]), Boolean.parseBoolean(parts[1]));
  }

  private static void run(int[] widths, ChipArithmetic arithmetic, double seconds, int rounds) {
    Random random = new Random(42);
    List<DenseLayer> layers = randomNetwork(random, widths);
    int in = widths[0];
    int n = 1024;
    float[][] samples = new float[n][in];
    float[] xs = new float[n * in];
    for (int s = 0; s < n; s++) {
      for (int i = 0; i < in; i++) {
        samples[s][i] = (float) random.nextGaussian();
        xs[s * in + i] = samples[s][i];
      }
    }
    QuantizedModel model = Quantizer.quantize(layers, samples, arithmetic);
    ChipRuntime chip = new ChipRuntime(model);
    FloatNetwork fp32 = new FloatNetwork(layers);
    byte[] xq = new byte[n * in];
    for (int s = 0; s < n; s++) {
      chip.quantizeInput(xs, s * in, xq, s * in);
    }
    int out = widths[widths.length - 1];
    float[] yf = new float[out];
    byte[] yq = new byte[out];
    long macs = fp32.macs();

    Variant fp = () -> forwardAll(fp32, xs, n, in, yf);
    UnrolledFp32 tuned = new UnrolledFp32(layers);
    Variant fpTuned = () -> tuned.forwardAll(xs, n, in, yf);
    FeatureMajorFp32 fm = new FeatureMajorFp32(layers, n);
    float[] xsT = new float[n * in];
    for (int s = 0; s < n; s++) {
      for (int i = 0; i < in; i++) {
        xsT[i * n + s] = xs[s * in + i];
      }
    }
    Variant fpBatch = () -> fm.forward(xsT);
    Variant chipInt = () -> forwardAll(chip, xq, n, in, yq);
    byte[] yBatch = new byte[n * out];
    Variant chipBatch =
        () -> {
          chip.forwardBatch(xq, n, yBatch);
          return yBatch[0];
        };
    Variant chipFloatBatch =
        () -> {
          chip.forwardBatch(xs, n, yBatch);
          return yBatch[0];
        };
    Variant[] variants = {fp, fpTuned, fpBatch, chipInt, chipBatch, chipFloatBatch};
    String[] names = {
      "FP32 reference",
      "FP32 8-acc",
      "FP32 batch feat-major",
      "chip int8 1-by-1",
      "chip int8 batch",
      "chip float batch"
    };
    double[] best = new double[variants.length];
    // warm-up: let C2 compile every variant
    for (Variant v : variants) {
      time(v, n, Math.max(0.5, seconds / 2));
    }
    for (int r = 0; r < rounds; r++) {
      for (int v = 0; v < variants.length; v++) {
        best[v] = Math.max(best[v], time(variants[v], n, seconds));
      }
    }
    String label = join(widths) + (arithmetic.saturate() ? "" : " wrap");
    for (int v = 0; v < variants.length; v++) {
      System.out.printf(
          Locale.ROOT,
          "%-18s %-24s %13.0f %9.3f %13.1f %11.2fx %11.2fx %11.2fx%n",
          label,
          names[v] + (v < 3 ? "" : " " + abbreviation(arithmetic.rounding())),
          best[v],
          best[v] * macs / 1e9,
          1e9 / best[v],
          best[v] / best[0],
          best[v] / best[1],
          best[v] / best[2]);
    }
  }

  private static String abbreviation(Rounding r) {
    switch (r) {
      case HALF_EVEN:
        return "HE";
      case HALF_AWAY_FROM_ZERO:
        return "HA";
      default:
        return "TZ";
    }
  }

  private interface Variant {
    long runOnce();
  }

  /** Inferences per second over at least {@code seconds}. */
  private static double time(Variant v, int perCall, double seconds) {
    long budget = (long) (seconds * 1e9);
    long start = cpuNanos();
    long calls = 0;
    long acc = 0;
    long elapsed;
    do {
      acc += v.runOnce();
      calls++;
      elapsed = cpuNanos() - start;
    } while (elapsed < budget);
    sink += acc;
    return calls * (double) perCall / (elapsed / 1e9);
  }

  /**
   * This thread's CPU time where the JVM measures it (wall time otherwise): on a shared, loaded
   * machine the thread's share of a core swings wildly, its work per CPU-second much less.
   */
  private static long cpuNanos() {
    return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final boolean CPU_TIME =
      THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();

  private static long forwardAll(FloatNetwork net, float[] xs, int n, int in, float[] y) {
    long acc = 0;
    for (int s = 0; s < n; s++) {
      net.forward(xs, s * in, y, 0);
      acc += Float.floatToRawIntBits(y[0]);
    }
    return acc;
  }

  private static long forwardAll(ChipRuntime chip, byte[] xs, int n, int in, byte[] y) {
    long acc = 0;
    for (int s = 0; s < n; s++) {
      chip.forward(xs, s * in, y, 0);
      acc += y[0];
    }
    return acc;
  }

  /**
   * A tuned FP32 forward for a fairer baseline: eight partial sums per dot product, which the JIT
   * can pipeline (the reference forward's strict left-to-right float sum cannot be vectorized).
   * Different summation order, so not bit-identical to {@link FloatNetwork}.
   */
  private static final class UnrolledFp32 {
    private final List<DenseLayer> layers;
    private final float[] a;
    private final float[] b;

    UnrolledFp32(List<DenseLayer> layers) {
      this.layers = layers;
      int width = 0;
      for (DenseLayer l : layers) {
        width = Math.max(width, Math.max(l.in(), l.out()));
      }
      a = new float[width];
      b = new float[width];
    }

    long forwardAll(float[] xs, int n, int in, float[] y) {
      long acc = 0;
      for (int s = 0; s < n; s++) {
        forward(xs, s * in, y);
        acc += Float.floatToRawIntBits(y[0]);
      }
      return acc;
    }

    void forward(float[] x, int xOff, float[] y) {
      float[] src = x;
      int srcOff = xOff;
      for (int k = 0; k < layers.size(); k++) {
        DenseLayer l = layers.get(k);
        float[] dst = k == layers.size() - 1 ? y : ((k & 1) == 0 ? a : b);
        float[] w = l.weights();
        int in = l.in();
        boolean relu = l.activation() == Activation.RELU;
        for (int o = 0; o < l.out(); o++) {
          int row = o * in;
          float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
          int i = 0;
          for (; i + 7 < in; i += 8) {
            s0 += w[row + i] * src[srcOff + i];
            s1 += w[row + i + 1] * src[srcOff + i + 1];
            s2 += w[row + i + 2] * src[srcOff + i + 2];
            s3 += w[row + i + 3] * src[srcOff + i + 3];
            s4 += w[row + i + 4] * src[srcOff + i + 4];
            s5 += w[row + i + 5] * src[srcOff + i + 5];
            s6 += w[row + i + 6] * src[srcOff + i + 6];
            s7 += w[row + i + 7] * src[srcOff + i + 7];
          }
          float sum = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
          for (; i < in; i++) {
            sum += w[row + i] * src[srcOff + i];
          }
          sum += l.bias()[o];
          dst[o] = relu && sum < 0f ? 0f : sum;
        }
        src = dst;
        srcOff = 0;
      }
    }
  }

  /**
   * The batched FP32 forward in feature-major layout (sample index innermost), as libs/world's
   * {@code Mlp.Runner.forwardBatch}: each sample's sum keeps the reference order, so results are
   * bit-identical to {@link FloatNetwork}, and the inner loop over samples vectorizes.
   */
  private static final class FeatureMajorFp32 {
    private final List<DenseLayer> layers;
    private final int n;
    private final float[][] act;

    FeatureMajorFp32(List<DenseLayer> layers, int n) {
      this.layers = layers;
      this.n = n;
      this.act = new float[layers.size()][];
      for (int k = 0; k < layers.size(); k++) {
        act[k] = new float[layers.get(k).out() * n];
      }
    }

    long forward(float[] xT) {
      float[] src = xT;
      for (int k = 0; k < layers.size(); k++) {
        DenseLayer l = layers.get(k);
        float[] dst = act[k];
        float[] w = l.weights();
        int in = l.in();
        for (int o = 0; o < l.out(); o++) {
          int d = o * n;
          java.util.Arrays.fill(dst, d, d + n, 0f);
          for (int i = 0; i < in; i++) {
            float wi = w[o * in + i];
            int s0 = i * n;
            for (int j = 0; j < n; j++) {
              dst[d + j] += wi * src[s0 + j];
            }
          }
          float bo = l.bias()[o];
          boolean relu = l.activation() == Activation.RELU;
          for (int j = 0; j < n; j++) {
            float v = dst[d + j] + bo;
            dst[d + j] = relu && v < 0f ? 0f : v;
          }
        }
        src = dst;
      }
      return Float.floatToRawIntBits(src[0]);
    }
  }

  static List<DenseLayer> randomNetwork(Random random, int[] widths) {
    List<DenseLayer> layers = new ArrayList<>();
    for (int k = 0; k + 1 < widths.length; k++) {
      int in = widths[k];
      int out = widths[k + 1];
      float[] w = new float[in * out];
      float[] b = new float[out];
      double sd = Math.sqrt(2.0 / in);
      for (int j = 0; j < w.length; j++) {
        w[j] = (float) (random.nextGaussian() * sd);
      }
      for (int j = 0; j < out; j++) {
        b[j] = (float) (random.nextGaussian() * 0.1);
      }
      layers.add(
          new DenseLayer(in, out, w, b, k + 2 < widths.length ? Activation.RELU : Activation.NONE));
    }
    return layers;
  }

  private static String join(int[] widths) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < widths.length; k++) {
      sb.append(k == 0 ? "" : "-").append(widths[k]);
    }
    return sb.toString();
  }
}
