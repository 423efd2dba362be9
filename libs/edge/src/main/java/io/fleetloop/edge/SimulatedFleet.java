package io.fleetloop.edge;

import io.fleetloop.codec.FeatureCodec;
import io.fleetloop.codec.RawFeatureCodec;
import io.fleetloop.world.FleetSimulator;
import io.fleetloop.world.PolicyModel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated fleet whose vehicles run edge agents: drives a {@link FleetSimulator} with one {@link
 * EdgeAgent} per vehicle and uploads their clips to ingest through one {@link Uplink} (one gRPC
 * channel, a small shared pool of upload threads). Device tokens are signed with per-device keys
 * from {@link Builder#deviceKeys}, the same keys the ingest device registry holds.
 *
 * <pre>{@code
 * try (SimulatedFleet fleet = SimulatedFleet.builder(simulator, triggers)
 *     .deviceKeys(DeviceKeys.derived(secret)).build()) {
 *   fleet.start("127.0.0.1:9400");   // connect the uplink
 *   fleet.drive(600);                // 60 simulated seconds, every frame through the agents
 *   fleet.awaitUploaded(Duration.ofSeconds(30));
 *   AgentCounters total = fleet.counters();
 * }
 * }</pre>
 *
 * For a long-running stack ({@code fleetloop up}) {@link #startDriving(int)} drives in the
 * background until {@link #stop()}; progress is logged every {@link Builder#progressEvery}.
 */
public final class SimulatedFleet implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatedFleet.class);
  private static final int CHUNK_TICKS = 50;

  private final FleetSimulator simulator;
  private final EdgeAgent[] agents;
  private final Function<String, byte[]> deviceKeys;
  private final Uplink.Options uplinkOptions;
  private final UploadListener listener;
  private final Duration progressEvery;
  private final Object driveLock = new Object();
  private volatile Uplink uplink;
  private volatile Thread driver;
  private volatile boolean driving;
  private long lastProgressNanos = System.nanoTime();

  private SimulatedFleet(Builder b) {
    this.simulator = b.simulator;
    this.deviceKeys = b.deviceKeys;
    this.uplinkOptions = b.uplinkOptions;
    this.listener = b.listener;
    this.progressEvery = b.progressEvery;
    int n = simulator.vehicles();
    this.agents = new EdgeAgent[n];
    for (int v = 0; v < n; v++) {
      PolicyModel active = simulator.active(v);
      PolicyModel shadow = simulator.shadow(v);
      agents[v] =
          EdgeAgent.builder(
                  simulator.device(v), b.perVehicle == null ? b.triggers : b.perVehicle.apply(v))
              .codec(b.codec)
              .outboxLimits(b.outboxLimits)
              .seed(b.seed)
              .modelVersion(
                  active == null ? "" : active.version(), shadow == null ? "" : shadow.version())
              .build();
    }
  }

  /** A builder for a fleet on {@code simulator} running {@code triggers} on every vehicle. */
  public static Builder builder(FleetSimulator simulator, TriggerSet triggers) {
    return new Builder(simulator, triggers);
  }

  /** The agent of vehicle {@code v}. */
  public EdgeAgent agent(int v) {
    return agents[v];
  }

  /** Number of vehicles (and agents). */
  public int vehicles() {
    return agents.length;
  }

  public FleetSimulator simulator() {
    return simulator;
  }

  /**
   * Connects the uplink to ingest at {@code target} ({@code host:port}, plaintext) and attaches
   * every agent; clips already held start uploading.
   *
   * @throws IllegalStateException when already started
   */
  public synchronized void start(String target) {
    if (uplink != null) {
      throw new IllegalStateException("fleet already started");
    }
    Uplink u = Uplink.connect(target, uplinkOptions, listener);
    Clock clock = Clock.systemUTC();
    for (EdgeAgent agent : agents) {
      String id = agent.device().id();
      u.attach(agent, DeviceKeys.tokens(id, deviceKeys.apply(id), Duration.ofHours(1), clock));
    }
    uplink = u;
    LOG.info(
        "simulated fleet of {} vehicles uploading to {} over one channel, {} upload threads",
        agents.length,
        target,
        uplinkOptions.threads());
  }

  /** Runs {@code ticks} simulator ticks with every frame through the agents (on this thread). */
  public void drive(int ticks) {
    synchronized (driveLock) {
      for (int done = 0; done < ticks; done += CHUNK_TICKS) {
        simulator.run(Math.min(CHUNK_TICKS, ticks - done), f -> agents[f.vehicle()].onFrame(f));
        maybeLogProgress();
      }
    }
  }

  /**
   * Vehicle {@code v} drives {@code active} with {@code shadow} riding along (either may be {@code
   * null}: none) from the next simulator tick on, and its agent reports clips and exposure under
   * their versions. Callable from any thread: it waits for a running {@link #drive} to finish.
   */
  public void assignModels(int v, PolicyModel active, PolicyModel shadow) {
    synchronized (driveLock) {
      simulator.setActive(v, active);
      simulator.setShadow(v, shadow);
      agents[v].updateModels(
          active == null ? "" : active.version(), shadow == null ? "" : shadow.version());
    }
  }

  /** Drives in the background, {@code ticksPerChunk} ticks at a time, until {@link #stop()}. */
  public synchronized void startDriving(int ticksPerChunk) {
    if (driver != null) {
      throw new IllegalStateException("already driving");
    }
    driving = true;
    Thread t =
        new Thread(
            () -> {
              while (driving) {
                drive(ticksPerChunk);
              }
            },
            "simulated-fleet");
    t.setDaemon(true);
    driver = t;
    t.start();
  }

  /** Stops background driving (the chunk in progress finishes). */
  public void stopDriving() {
    Thread t;
    synchronized (this) {
      t = driver;
      driver = null;
      driving = false;
    }
    if (t != null) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Finishes every open window (shorter post-roll) so its clip is queued; not while driving. */
  public void flushWindows() {
    synchronized (driveLock) {
      for (EdgeAgent a : agents) {
        a.flushWindows();
      }
    }
  }

  /**
   * Waits until every outbox is empty (all clips acknowledged, refused or dropped).
   *
   * @return whether they emptied within {@code timeout}
   */
  public boolean awaitUploaded(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (heldClips() == 0) {
        return true;
      }
      Thread.sleep(20);
    }
    return heldClips() == 0;
  }

  /** Clips held in all outboxes. */
  public long heldClips() {
    long n = 0;
    for (EdgeAgent a : agents) {
      n += a.outbox().size();
    }
    return n;
  }

  /** The whole fleet's counters, summed per trigger id (devices may run different sets). */
  public AgentCounters counters() {
    return AgentCounters.sum("fleet", perDevice());
  }

  /** Every device's counters. */
  public List<AgentCounters> perDevice() {
    List<AgentCounters> all = new ArrayList<>(agents.length);
    for (EdgeAgent a : agents) {
      all.add(a.counters());
    }
    return all;
  }

  private void maybeLogProgress() {
    long now = System.nanoTime();
    if (now - lastProgressNanos < progressEvery.toNanos()) {
      return;
    }
    lastProgressNanos = now;
    AgentCounters c = counters();
    TriggerCounters t = c.total("all");
    LOG.info(
        "fleet tick {}: {} vehicles, {} frames, {} firings, {} clips captured, {} uploaded"
            + " ({} bytes), {} held, {} dropped, {} failed upload attempts",
        simulator.tick(),
        agents.length,
        c.frames(),
        t.fired(),
        t.captured(),
        t.uploadedClips(),
        t.uploadedBytes(),
        c.heldClips(),
        t.dropped(),
        c.failedUploads());
  }

  /** Stops driving and uploading; clips not yet uploaded stay in the outboxes. */
  public void stop() {
    stopDriving();
    Uplink u;
    synchronized (this) {
      u = uplink;
      uplink = null;
    }
    if (u != null) {
      u.close();
      LOG.info("simulated fleet stopped; {} clips still held", heldClips());
    }
  }

  /** {@link #stop()}, then closes the simulator (its worker threads). */
  @Override
  public void close() {
    stop();
    simulator.close();
  }

  /** Builder for a {@link SimulatedFleet}. */
  public static final class Builder {
    private final FleetSimulator simulator;
    private final TriggerSet triggers;
    private FeatureCodec codec = RawFeatureCodec.INSTANCE;
    private OutboxLimits outboxLimits = OutboxLimits.defaults();
    private Function<String, byte[]> deviceKeys;
    private Uplink.Options uplinkOptions = Uplink.Options.defaults();
    private UploadListener listener = UploadListener.NONE;
    private Duration progressEvery = Duration.ofSeconds(10);
    private long seed = 1;
    private IntFunction<TriggerSet> perVehicle;

    private Builder(FleetSimulator simulator, TriggerSet triggers) {
      this.simulator = Objects.requireNonNull(simulator, "simulator");
      this.triggers = Objects.requireNonNull(triggers, "triggers");
    }

    public Builder codec(FeatureCodec value) {
      this.codec = Objects.requireNonNull(value);
      return this;
    }

    public Builder outboxLimits(OutboxLimits value) {
      this.outboxLimits = Objects.requireNonNull(value);
      return this;
    }

    /** Per-device keys for signing tokens, e.g. {@link DeviceKeys#derived(byte[])}; required. */
    public Builder deviceKeys(Function<String, byte[]> value) {
      this.deviceKeys = Objects.requireNonNull(value);
      return this;
    }

    public Builder uplink(Uplink.Options value) {
      this.uplinkOptions = Objects.requireNonNull(value);
      return this;
    }

    public Builder listener(UploadListener value) {
      this.listener = Objects.requireNonNull(value);
      return this;
    }

    public Builder progressEvery(Duration value) {
      this.progressEvery = Objects.requireNonNull(value);
      return this;
    }

    /**
     * Each vehicle's own trigger set (e.g. what the release channel assigned it, see {@link
     * FleetReleaseLink#pullAll}); replaces the fleet-wide set given to {@link #builder}.
     */
    public Builder triggersPerVehicle(IntFunction<TriggerSet> value) {
      this.perVehicle = Objects.requireNonNull(value);
      return this;
    }

    /** Seed of the agents' sampling streams. */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    public SimulatedFleet build() {
      if (deviceKeys == null) {
        throw new IllegalStateException(
            "a simulated fleet needs device keys to sign its tokens (deviceKeys(...))");
      }
      return new SimulatedFleet(this);
    }
  }
}
