package io.fleetloop.trigger.bench;

import io.fleetloop.trigger.CompiledTrigger;
import io.fleetloop.trigger.Device;
import io.fleetloop.trigger.Engine;
import io.fleetloop.trigger.Env;
import io.fleetloop.trigger.Frame;
import io.fleetloop.trigger.Shadow;
import io.fleetloop.trigger.TriggerCompiler;
import io.fleetloop.trigger.TriggerEvaluator;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Evaluations per second on one core of a 5-clause condition, for the cel-java interpreter, the
 * closure-compiled fast path and a hand-written Java lambda (the floor), measured in the same run.
 *
 * <pre>
 * ./mvnw -q -pl libs/trigger test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.fleetloop.trigger.bench.TriggerEvalBenchmark \
 *   [-Dexec.args="ROUND_SECONDS ROUNDS [pollute]"]   # defaults: 1 7
 * </pre>
 *
 * <p>Not JMH, but built the way JMH would: every engine gets its own copy of the loop (so one
 * engine's type profile cannot slow another's call site), warms up for several seconds before it is
 * measured, runs in interleaved rounds (so drift hits all three alike) of which the median is
 * reported, and feeds every result into a sink the JIT cannot see through. Inputs rotate through
 * 1,024 frames chosen so every clause is evaluated on every call.
 */
public final class TriggerEvalBenchmark {

  /** Five clauses; on the benchmark's inputs the first three are false, so all five run. */
  static final String CONDITION =
      "frame.takeover || shadow.disagreement > 0.3 || frame.ttcSeconds < 1.5"
          + " || (env.weather == 'fog' && env.zone == 'construction')";

  /** The same condition written by hand: the floor any engine could reach. */
  static final TriggerEvaluator LAMBDA =
      (f, s, e, d) ->
          f.takeover()
              || s.disagreement() > 0.3
              || f.ttcSeconds() < 1.5
              || (e.weather() == Env.Weather.FOG && e.zone() == Env.Zone.CONSTRUCTION);

  private static final int INPUTS = 1024; // a power of two: the index is a mask
  private static final double GOAL = 25e6;

  /** The blackhole: every loop's result ends here, so no evaluation is dead code. */
  public static volatile long sink;

  private final Frame[] frames = new Frame[INPUTS];
  private final Shadow[] shadows = new Shadow[INPUTS];
  private final Env[] envs = new Env[INPUTS];
  private final Device[] devices = new Device[INPUTS];

  private TriggerEvalBenchmark() {
    SplittableRandom random = new SplittableRandom(1234);
    Device device = new Device("car-1", Map.of("fleet", "model-y-na"), "fsd-hw4");
    for (int i = 0; i < INPUTS; i++) {
      frames[i] =
          Frame.builder()
              .speedMps(random.nextDouble(0, 35))
              .takeover(false)
              .ttcSeconds(random.nextDouble(1.5, 8))
              .pedestrians(random.nextInt(4))
              .timestampMs(1_700_000_000_000L + i * 33L)
              .build();
      shadows[i] = new Shadow(random.nextDouble(0, 0.3), "keep_lane", "keep_lane", 0.0, 0.0);
      Env.Zone zone = Env.Zone.values()[random.nextInt(Env.Zone.values().length)];
      envs[i] = new Env(Env.Weather.FOG, zone, Env.Light.DAY, Env.Road.WET);
      devices[i] = device;
    }
  }

  /**
   * Other conditions a device would run next to the measured one; with {@code pollute} they run
   * first, so the closure classes they share with it carry a fleet's worth of type profile.
   */
  static final String[] OTHER_CONDITIONS = {
    "frame.speedMps > 30 && frame.brake > 0.5",
    "frame.pedestrians > 0 && env.zone in ['school', 'residential'] && frame.speedMps >= 8.0",
    "shadow.activeAction != shadow.shadowAction && shadow.disagreement >= 0.2",
    "(shadow.activeSteering - shadow.shadowSteering) * 2.0 > 0.4 || frame.steering < -0.5",
    "frame.timestampMs % 60000 < 1000 && device.hardware == 'fsd-hw4'",
    "'fleet' in device.labels && device.labels.fleet == 'model-y-na' && !frame.takeover",
    "env.weather in ['rain', 'snow'] && (env.road == 'icy' || env.light != 'day')",
    "frame.vehiclesNearby >= 3 ? frame.ttcSeconds < 2.5 : frame.accelMps2 < -4.0",
    "frame.lateralOffsetM > 0.8 || -frame.lateralOffsetM > 0.8",
    "double(frame.pedestrians) > frame.speedMps / 4.0 && env.road != 'dry'",
  };

  public static void main(String[] args) {
    double roundSeconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    boolean pollute = args.length > 2 && args[2].equals("pollute");
    new TriggerEvalBenchmark().run((long) (roundSeconds * 1e9), rounds, pollute);
  }

  private void run(long roundNanos, int rounds, boolean pollute) {
    long compileStart = System.nanoTime();
    CompiledTrigger fast = TriggerCompiler.create().compile(CONDITION).orElseThrow();
    double firstCompileMs = (System.nanoTime() - compileStart) / 1e6;
    if (pollute) {
      TriggerCompiler compiler = TriggerCompiler.create();
      long hits = 0;
      for (String other : OTHER_CONDITIONS) {
        CompiledTrigger trigger = compiler.compile(other).orElseThrow();
        for (int i = 0; i < 2_000_000; i++) {
          int k = i & (INPUTS - 1);
          hits += trigger.evaluate(frames[k], shadows[k], envs[k], devices[k]) ? 1 : 0;
        }
      }
      sink += hits;
    }
    CompiledTrigger interpreted =
        TriggerCompiler.interpreterOnly().compile(CONDITION).orElseThrow();
    if (fast.engine() != Engine.FAST_PATH) {
      throw new IllegalStateException("no fast path: " + fast.fallbackReason().orElse(""));
    }
    for (int i = 0; i < INPUTS; i++) { // all three agree, and every clause is reached
      boolean expected = LAMBDA.evaluate(frames[i], shadows[i], envs[i], devices[i]);
      if (fast.evaluate(frames[i], shadows[i], envs[i], devices[i]) != expected
          || interpreted.evaluate(frames[i], shadows[i], envs[i], devices[i]) != expected
          || frames[i].takeover()
          || shadows[i].disagreement() > 0.3
          || frames[i].ttcSeconds() < 1.5) {
        throw new IllegalStateException("input " + i + " does not exercise the condition");
      }
    }

    Measure[] engines = {
      new Measure("lambda (hand-written)", this::loopLambda, LAMBDA),
      new Measure("fast path (closures)", this::loopFast, fast),
      new Measure("cel-java interpreter", this::loopInterpreter, interpreted),
    };
    System.out.printf(
        "TriggerEvalBenchmark: 1 thread, %s %s, %d cores available%n",
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    System.out.printf("condition (5 clauses, all evaluated): %s%n", CONDITION);
    System.out.printf(
        "type profile: %s%n",
        pollute
            ? OTHER_CONDITIONS.length + " other conditions ran first (shared closure classes)"
            : "this condition only (pass 'pollute' as the third argument for a fleet's mix)");
    System.out.printf("first compile in this JVM (CEL set-up included): %.0f ms%n", firstCompileMs);

    for (Measure m : engines) { // warm-up: 3 rounds' worth each, results discarded
      m.round(3 * roundNanos);
    }
    double[][] rates = new double[engines.length][rounds];
    double[] bytesPerEval = new double[engines.length];
    for (int r = 0; r < rounds; r++) {
      for (int e = 0; e < engines.length; e++) {
        Measure.Result result = engines[e].round(roundNanos);
        rates[e][r] = result.evalsPerSecond();
        bytesPerEval[e] = Math.max(bytesPerEval[e], result.bytesPerEval());
      }
    }

    System.out.printf(
        "%n%-24s %14s %10s %12s %12s %s%n",
        "engine",
        "evals/s",
        "ns/eval",
        "best evals/s",
        "bytes/eval",
        "rounds (evaluations per CPU-second)");
    double[] median = new double[engines.length];
    for (int e = 0; e < engines.length; e++) {
      double[] sorted = rates[e].clone();
      Arrays.sort(sorted);
      median[e] = sorted[sorted.length / 2];
      System.out.printf(
          "%-24s %13.2fM %10.1f %11.2fM %12.1f %s%n",
          engines[e].name,
          median[e] / 1e6,
          1e9 / median[e],
          sorted[sorted.length - 1] / 1e6,
          bytesPerEval[e],
          Arrays.stream(rates[e]).mapToObj(x -> String.format("%.1fM", x / 1e6)).toList());
    }
    System.out.printf(
        "%nfast path vs lambda:      %.2fx the lambda's rate (%.1fx slower)%n",
        median[1] / median[0], median[0] / median[1]);
    System.out.printf("fast path vs interpreter: %.1fx faster%n", median[1] / median[2]);
    System.out.printf(
        "goal >= 25M evaluations/s per core: fast path %s (%.1fM)%n",
        median[1] >= GOAL ? "MEETS it" : "MISSES it", median[1] / 1e6);
  }

  // One loop per engine, identical on purpose: separate call sites, separate type profiles.

  private long loopLambda(TriggerEvaluator ev, long n) {
    long hits = 0;
    for (long i = 0; i < n; i++) {
      int k = (int) i & (INPUTS - 1);
      if (ev.evaluate(frames[k], shadows[k], envs[k], devices[k])) {
        hits++;
      }
    }
    return hits;
  }

  private long loopFast(TriggerEvaluator ev, long n) {
    long hits = 0;
    for (long i = 0; i < n; i++) {
      int k = (int) i & (INPUTS - 1);
      if (ev.evaluate(frames[k], shadows[k], envs[k], devices[k])) {
        hits++;
      }
    }
    return hits;
  }

  private long loopInterpreter(TriggerEvaluator ev, long n) {
    long hits = 0;
    for (long i = 0; i < n; i++) {
      int k = (int) i & (INPUTS - 1);
      if (ev.evaluate(frames[k], shadows[k], envs[k], devices[k])) {
        hits++;
      }
    }
    return hits;
  }

  @FunctionalInterface
  private interface Loop {
    long run(TriggerEvaluator evaluator, long iterations);
  }

  private static final class Measure {
    record Result(double evalsPerSecond, double bytesPerEval) {}

    final String name;
    final Loop loop;
    final TriggerEvaluator evaluator;
    long chunk = 1024;

    Measure(String name, Loop loop, TriggerEvaluator evaluator) {
      this.name = name;
      this.loop = loop;
      this.evaluator = evaluator;
    }

    /**
     * Runs chunks of the loop until {@code nanos} of this thread's CPU time have passed. CPU time,
     * not wall time: on a shared machine the thread is descheduled now and then, and a core's rate
     * is what it does while it runs.
     */
    Result round(long nanos) {
      long evaluations = 0;
      long hits = 0;
      long bytesBefore = allocatedBytes();
      long start = THREADS.getCurrentThreadCpuTime();
      long elapsed;
      do {
        hits += loop.run(evaluator, chunk);
        evaluations += chunk;
        elapsed = THREADS.getCurrentThreadCpuTime() - start;
        if (elapsed < nanos / 50) {
          chunk *= 2; // aim for chunks of 20+ ms so the clock is read rarely
        }
      } while (elapsed < nanos);
      long bytes = allocatedBytes() - bytesBefore;
      sink += hits;
      return new Result(evaluations * 1e9 / elapsed, (double) bytes / evaluations);
    }

    private static final java.lang.management.ThreadMXBean THREADS =
        ManagementFactory.getThreadMXBean();

    private static long allocatedBytes() {
      java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      if (threads instanceof com.sun.management.ThreadMXBean hotspot) {
        return hotspot.getThreadAllocatedBytes(Thread.currentThread().getId());
      }
      return 0;
    }
  }
}
