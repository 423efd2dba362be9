package io.fleetloop.world.bench;

import com.sun.management.OperatingSystemMXBean;
import io.fleetloop.trigger.Frame;
import io.fleetloop.trigger.Shadow;
import io.fleetloop.world.Driver;
import io.fleetloop.world.FleetSimulator;
import io.fleetloop.world.FrameView;
import io.fleetloop.world.FrameVisitor;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.WorldConfig;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Vehicle-frames per second of the fleet simulator for 10,000 vehicles, with and without the
 * policy, next to a bare kinematics loop measured in the same run (same vehicles, same threads).
 *
 * <pre>
 * ./mvnw -q -pl libs/world exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.fleetloop.world.bench.SimulatorBenchmark [-Dexec.args="10000 2 1000"]
 * </pre>
 *
 * Arguments: vehicles (10000), threads (2), measured ticks per case (1000). Two rates per case:
 * <b>wall</b>, frames over elapsed time, and <b>cpu</b>, frames over the process's CPU time times
 * the thread count, i.e. what the threads deliver on cores of their own. On a shared, loaded
 * machine wall is lower and cpu is the fairer figure; on an idle one they agree. The policy is an
 * untrained reference-shaped network (26→32→32→5): inference cost does not depend on the weights.
 */
public final class SimulatorBenchmark {
  private SimulatorBenchmark() {}

  /** Frames per second, by wall clock and by CPU time. */
  record Rate(double wall, double cpu) {}

  public static void main(String[] args) throws Exception {
    int vehicles = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int ticks = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    WorldConfig config =
        WorldConfig.defaults().toBuilder().vehicles(vehicles).threads(threads).build();
    PolicyModel active = PolicyModel.untrained("bench", "a", 1);
    PolicyModel shadow = PolicyModel.untrained("bench", "b", 2);

    System.out.printf(
        Locale.ROOT,
        "fleet simulator benchmark: %d vehicles, %d threads, %d ticks per case, JDK %s,"
            + " %d cpus, load average %.1f%n",
        vehicles,
        threads,
        ticks,
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    Rate bare = bareLoop(vehicles, threads, ticks);
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {"bare kinematics loop (baseline)", bare});
    rows.add(
        new Object[] {
          "world + oracle, human drives, no model",
          sim(config, Driver.HUMAN, null, null, null, ticks)
        });
    rows.add(
        new Object[] {
          "world + model every frame", sim(config, Driver.MODEL, active, null, null, ticks)
        });
    WorldConfig every2 = config.toBuilder().modelIntervalFrames(2).build();
    rows.add(
        new Object[] {
          "world + model every 2nd frame", sim(every2, Driver.MODEL, active, null, null, ticks)
        });
    rows.add(
        new Object[] {
          "world + model + shadow model", sim(config, Driver.MODEL, active, shadow, null, ticks)
        });
    rows.add(
        new Object[] {
          "  + visitor reading primitives",
          sim(config, Driver.MODEL, active, shadow, new PrimitiveSink(), ticks)
        });
    rows.add(
        new Object[] {
          "  + visitor building Frame+Shadow records",
          sim(config, Driver.MODEL, active, shadow, new RecordSink(), ticks)
        });
    System.out.printf(
        Locale.ROOT,
        "%-42s %16s %16s %9s %9s%n",
        "case (vehicle-frames/s)",
        "wall",
        "cpu",
        "wall/bare",
        "cpu/bare");
    for (Object[] r : rows) {
      Rate rate = (Rate) r[1];
      System.out.printf(
          Locale.ROOT,
          "%-42s %,16.0f %,16.0f %9.4f %9.4f%n",
          r[0],
          rate.wall(),
          rate.cpu(),
          rate.wall() / bare.wall(),
          rate.cpu() / bare.cpu());
    }
    System.out.printf(
        Locale.ROOT,
        "load average after: %.1f%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    if (PrimitiveSink.sink == 42 && RecordSink.hits == 42) {
      System.out.println(); // keeps the sinks observable
    }
  }

  private static final class PrimitiveSink implements FrameVisitor {
    static volatile double sink;
    private final double[] acc = new double[64];

    @Override
    public void visit(FrameView f) {
      acc[f.worker() * 8] += f.speedMps() + f.ttcSeconds() + f.disagreement();
      if (f.takeover() && acc[0] < 0) {
        sink = acc[0];
      }
    }
  }

  private static final class RecordSink implements FrameVisitor {
    static volatile long hits;

    @Override
    public void visit(FrameView f) {
      Frame frame = f.toFrame();
      Shadow s = f.toShadow();
      if (frame.takeover() && s.disagreement() > 2) {
        hits++;
      }
    }
  }

  /** Wall and process CPU time of one measured section. */
  private static final class Clock {
    private static final OperatingSystemMXBean OS =
        (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final long wall0 = System.nanoTime();
    private final long cpu0 = OS.getProcessCpuTime();

    static Clock start() {
      return new Clock();
    }

    Rate stop(double frames, int threads) {
      double wall = (System.nanoTime() - wall0) / 1e9;
      double cpu = (OS.getProcessCpuTime() - cpu0) / 1e9;
      return new Rate(frames / wall, frames * threads / cpu);
    }
  }

  private static Rate sim(
      WorldConfig config,
      Driver driver,
      PolicyModel active,
      PolicyModel shadow,
      FrameVisitor visitor,
      int ticks) {
    try (FleetSimulator sim = new FleetSimulator(config, driver, active, shadow)) {
      sim.run(Math.max(200, ticks / 3), visitor); // warm-up: JIT
      Clock c = Clock.start();
      sim.run(ticks, visitor);
      return c.stop((double) ticks * config.vehicles(), sim.threads());
    }
  }

  /**
   * The floor: only longitudinal and lateral kinematics over struct-of-arrays state, split over the
   * same threads; what a simulator costs that does nothing but count kilometres.
   */
  private static Rate bareLoop(int vehicles, int threads, int ticks) throws Exception {
    double[] v = new double[vehicles];
    double[] y = new double[vehicles];
    long[] odo = new long[vehicles];
    for (int i = 0; i < vehicles; i++) {
      v[i] = 10 + (i % 20);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      runBare(pool, threads, v, y, odo, Math.max(200, ticks / 3));
      Clock c = Clock.start();
      runBare(pool, threads, v, y, odo, ticks * 10);
      return c.stop((double) ticks * 10 * vehicles, threads);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void runBare(
      ExecutorService pool, int threads, double[] v, double[] y, long[] odo, int ticks)
      throws Exception {
    int n = v.length;
    List<Future<?>> fs = new ArrayList<>();
    for (int w = 0; w < threads; w++) {
      int from = n * w / threads;
      int to = n * (w + 1) / threads;
      fs.add(
          pool.submit(
              () -> {
                double dt = 0.1;
                for (int t = 0; t < ticks; t++) {
                  for (int i = from; i < to; i++) {
                    double a = 0.5 * (20 - v[i]);
                    double nv = Math.max(0, v[i] + a * dt);
                    double dx = (v[i] + nv) * 0.5 * dt;
                    v[i] = nv;
                    y[i] += 0.001 * dx;
                    odo[i] += (long) (dx * 1e6 + 0.5);
                  }
                }
              }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
  }
}
