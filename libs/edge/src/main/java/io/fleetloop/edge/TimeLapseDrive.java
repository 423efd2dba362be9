package io.fleetloop.edge;

import io.fleetloop.world.Conditions;
import io.fleetloop.world.FleetStats;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Drives a {@link SimulatedFleet} in time-lapse on one scheduler thread — {@code ticksPerSecond}
 * simulated ticks every wall-clock second — and prints a progress line with the intervention rate
 * per 1,000 km every {@code progressEvery}: what {@code fleetloop up}'s local fleet and the
 * in-cluster fleet simulator (services/fleet-sim) both run. Also the first pull of a fleet's
 * assignments ({@link #pullUntilServed}) and the models its vehicles run ({@link #modelsInUse}).
 */
public final class TimeLapseDrive implements AutoCloseable {

  private final SimulatedFleet fleet;
  private final FleetReleaseLink link;
  private final int ticksPerSecond;
  private final Consumer<String> out;
  private final ScheduledExecutorService clock;
  private final AtomicLong secondsDriven = new AtomicLong();
  private volatile long lastTickNanos = System.nanoTime();

  private TimeLapseDrive(
      SimulatedFleet fleet, FleetReleaseLink link, int ticksPerSecond, Consumer<String> out) {
    this.fleet = Objects.requireNonNull(fleet, "fleet");
    this.link = link;
    this.ticksPerSecond = ticksPerSecond;
    this.out = Objects.requireNonNull(out, "out");
    this.clock =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "time-lapse-drive");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts driving {@code fleet} ({@code ticksPerSecond} ticks per second, 10 ticks = 1 s of
   * driving) and printing {@link #progressLine} to {@code out} every {@code progressEvery}.
   *
   * @param link the fleet's release channel link, for the report counters; may be null
   */
  public static TimeLapseDrive start(
      SimulatedFleet fleet,
      FleetReleaseLink link,
      int ticksPerSecond,
      Duration progressEvery,
      Consumer<String> out) {
    if (ticksPerSecond < 1) {
      throw new IllegalArgumentException(
          "ticksPerSecond must be at least 1, got " + ticksPerSecond);
    }
    if (progressEvery.toMillis() < 1) {
      throw new IllegalArgumentException("progressEvery must be positive, got " + progressEvery);
    }
    TimeLapseDrive drive = new TimeLapseDrive(fleet, link, ticksPerSecond, out);
    drive.clock.scheduleAtFixedRate(drive::tick, 1, 1, TimeUnit.SECONDS);
    long every = progressEvery.toMillis();
    drive.clock.scheduleAtFixedRate(drive::progress, every, every, TimeUnit.MILLISECONDS);
    return drive;
  }

  /**
   * Every device asks the release channel for its assignment ({@link FleetReleaseLink#pullAll});
   * asked again every {@code retryEvery} while the channel cannot be reached or serves no device a
   * trigger (a freshly started channel may not have seen the DataTriggers yet), until {@code
   * patience} has passed. A fleet that got no trigger drives anyway: later polls bring them.
   *
   * @throws StatusRuntimeException when the channel still refuses or cannot be reached after {@code
   *     patience}
   */
  public static List<AssignmentTriggers.Assigned> pullUntilServed(
      FleetReleaseLink link, Duration patience, Duration retryEvery, Consumer<String> out)
      throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    int failures = 0;
    while (true) {
      List<AssignmentTriggers.Assigned> assigned;
      try {
        assigned = link.pullAll();
      } catch (StatusRuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        if (failures++ % 10 == 0) {
          out.accept(
              "the release channel did not answer ("
                  + e.getStatus().getCode()
                  + ": "
                  + e.getStatus().getDescription()
                  + "); asking again every "
                  + retryEvery.toSeconds()
                  + " s");
        }
        Thread.sleep(retryEvery.toMillis());
        continue;
      }
      boolean any = assigned.stream().anyMatch(a -> a.triggers().size() > 0);
      if (any || System.nanoTime() > deadline) {
        if (!any) {
          out.accept(
              "the release channel serves no DataTrigger to the fleet yet: it drives and uploads"
                  + " nothing until a poll brings one");
        }
        return assigned;
      }
      Thread.sleep(retryEvery.toMillis());
    }
  }

  /**
   * What the vehicles run, e.g. {@code policy-g3 on 99, policy-g4 on 1, shadow policy-g4 on 100}:
   * the versions their agents report exposure under.
   */
  public static String modelsInUse(SimulatedFleet fleet) {
    Map<String, Integer> active = new TreeMap<>();
    Map<String, Integer> shadow = new TreeMap<>();
    for (int v = 0; v < fleet.vehicles(); v++) {
      EdgeAgent agent = fleet.agent(v);
      active.merge(
          agent.modelVersion().isEmpty() ? "(none)" : agent.modelVersion(), 1, Integer::sum);
      if (!agent.shadowModelVersion().isEmpty()) {
        shadow.merge(agent.shadowModelVersion(), 1, Integer::sum);
      }
    }
    List<String> parts = new ArrayList<>();
    active.forEach((version, n) -> parts.add(version + " on " + n));
    shadow.forEach((version, n) -> parts.add("shadow " + version + " on " + n));
    return String.join(", ", parts);
  }

  /**
   * The progress line: km driven, interventions per 1,000 km (overall, common, rare), clips
   * captured/uploaded/held/dropped, reports to the release channel (when {@code link} is not null)
   * and the models in use.
   */
  public static String progressLine(SimulatedFleet fleet, FleetReleaseLink link) {
    FleetStats stats = fleet.simulator().stats();
    TriggerCounters total = fleet.counters().total("all");
    String reports =
        link == null
            ? ""
            : String.format(
                Locale.ROOT,
                " | reports to the release channel %,d (%,d failed)",
                link.reportsSent(),
                link.failures());
    return String.format(
        Locale.ROOT,
        "%,.0f km driven, interventions/1000 km: %.1f overall, %.1f common, %.1f rare"
            + " | clips captured %,d, uploaded %,d (%,d bytes), held %,d, dropped %,d%s"
            + " | models %s",
        stats.km(),
        stats.ratePer1000Km(),
        stats.ratePer1000Km(Conditions.COMMON),
        stats.ratePer1000Km(Conditions.RARE),
        total.captured(),
        total.uploadedClips(),
        total.uploadedBytes(),
        fleet.heldClips(),
        total.dropped(),
        reports,
        modelsInUse(fleet));
  }

  /** Wall-clock seconds the fleet was driven (one per completed tick batch). */
  public long secondsDriven() {
    return secondsDriven.get();
  }

  /** How long ago the last tick batch completed (a stuck fleet stops ticking). */
  public Duration sinceLastTick() {
    return Duration.ofNanos(System.nanoTime() - lastTickNanos);
  }

  private void tick() {
    try {
      fleet.drive(ticksPerSecond);
      secondsDriven.incrementAndGet();
      lastTickNanos = System.nanoTime();
    } catch (RuntimeException e) {
      out.accept("driving failed: " + e);
    }
  }

  private void progress() {
    try {
      out.accept(progressLine(fleet, link));
    } catch (RuntimeException e) {
      out.accept("progress unavailable: " + e);
    }
  }

  /** Stops driving (the fleet, its link and uploads are the caller's to close). */
  @Override
  public void close() {
    clock.shutdownNow();
    try {
      clock.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
