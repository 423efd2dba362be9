package io.fleetloop.edge;

import io.fleetloop.ingest.api.DeviceToken;
import io.fleetloop.release.client.ReleaseChannelClient;
import io.fleetloop.release.grpc.Artifact;
import io.fleetloop.release.grpc.Assignment;
import io.fleetloop.release.grpc.DeviceHello;
import io.fleetloop.release.grpc.DeviceReport;
import io.fleetloop.release.grpc.ReportAck;
import io.fleetloop.release.grpc.TriggerVersion;
import io.fleetloop.trigger.Device;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The release channel side of a simulated fleet: every device PULLS its assignment ({@code
 * GetAssignment}, as itself, with its signed device token) and REPORTS its cumulative trigger
 * counters and driving exposure ({@code Report}), all over ONE gRPC channel.
 *
 * <p>Reports are spread over time: one background thread wakes every {@link Options#tick()} and
 * reports the next slice of devices, so that each device reports once per {@link
 * Options#reportEvery()} and 10,000 devices never call at once. When a device's poll is due (the
 * {@code poll_after_seconds} of its last assignment), the same pass asks for its assignment again;
 * a changed trigger set is compiled through the shared {@link AssignmentTriggers} cache and counted
 * in {@link #assignmentChanges()} and handed to the device's running agent ({@link
 * EdgeAgent#updateTriggers}), which switches to it between two frames (see docs/edge.md). With
 * {@link #installModels} the vehicles also drive the model and shadow candidate their assignment
 * names, downloaded and verified once per version (docs/edge.md, "Models"). A failed call is logged
 * (first one, then every 100th) and retried on the device's next turn.
 */
public final class FleetReleaseLink implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FleetReleaseLink.class);

  /**
   * @param reportEvery how often each device reports
   * @param tick how often the background thread reports the next slice of devices
   * @param deadline per call
   */
  public record Options(Duration reportEvery, Duration tick, Duration deadline) {
    public Options {
      Objects.requireNonNull(reportEvery, "reportEvery");
      Objects.requireNonNull(tick, "tick");
      Objects.requireNonNull(deadline, "deadline");
      if (tick.isZero() || tick.isNegative() || reportEvery.compareTo(tick) < 0) {
        throw new IllegalArgumentException(
            "tick must be positive and at most reportEvery: " + tick + ", " + reportEvery);
      }
    }

    /** Each device reports every 30 s, slices every 250 ms, 5 s per call. */
    public static Options defaults() {
      return new Options(Duration.ofSeconds(30), Duration.ofMillis(250), Duration.ofSeconds(5));
    }

    public Options withReportEvery(Duration value) {
      return new Options(value, value.compareTo(tick) < 0 ? value : tick, deadline);
    }
  }

  private final ManagedChannel channel;
  private final Options options;
  private final Function<Device, Map<String, String>> labels;
  private final AssignmentTriggers cache = new AssignmentTriggers();
  private final List<Device> devices;
  private final List<Supplier<String>> tokens;
  private final List<AssignmentTriggers.Assigned> assigned;
  private final long[] pollDueNanos;
  private final ScheduledExecutorService reporter;
  private final AtomicLong reports = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong changes = new AtomicLong();
  private final AtomicLong modelChanges = new AtomicLong();
  private final AtomicLong modelFailures = new AtomicLong();
  private volatile SimulatedFleet fleet;
  private volatile DeviceModels models;
  private int cursor;

  private FleetReleaseLink(
      ManagedChannel channel,
      Options options,
      List<Device> devices,
      Function<String, byte[]> keys,
      Function<Device, Map<String, String>> labels) {
    this.channel = channel;
    this.options = options;
    this.labels = labels;
    this.devices = List.copyOf(devices);
    Clock clock = Clock.systemUTC();
    this.tokens = new ArrayList<>(devices.size());
    for (Device d : devices) {
      tokens.add(DeviceKeys.tokens(d.id(), keys.apply(d.id()), Duration.ofHours(1), clock));
    }
    this.assigned = new ArrayList<>(devices.size());
    this.pollDueNanos = new long[devices.size()];
    this.reporter =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "edge-release-link");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * A link of {@code devices} to the release channel at {@code target} ({@code host:port},
   * plaintext). Tokens are signed with {@code keys} (the same as ingest's); {@code labels} are the
   * labels each device announces ({@code fleetSelector}s match them).
   */
  public static FleetReleaseLink connect(
      String target,
      List<Device> devices,
      Function<String, byte[]> keys,
      Function<Device, Map<String, String>> labels,
      Options options) {
    ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    return new FleetReleaseLink(channel, options, devices, keys, labels);
  }

  /**
   * Every device asks for its assignment once (sequentially, over the shared channel); the result
   * is index-aligned with the devices given to {@link #connect}.
   *
   * @throws StatusRuntimeException when the channel refuses a device (wrong key, unreachable)
   */
  public synchronized List<AssignmentTriggers.Assigned> pullAll() {
    assigned.clear();
    long now = System.nanoTime();
    for (int v = 0; v < devices.size(); v++) {
      Assignment a = client(v).assignment(hello(v, List.of(), ""));
      assigned.add(cache.resolve(a));
      pollDueNanos[v] = now + TimeUnit.SECONDS.toNanos(Math.max(1, a.getPollAfterSeconds()));
    }
    LOG.info(
        "{} devices pulled their assignment from the release channel: {} distinct trigger set(s)",
        devices.size(),
        cache.compiledSets());
    return List.copyOf(assigned);
  }

  /**
   * Devices install the models their assignments name from {@code models} (downloaded and verified
   * once per version): from {@link #startReporting} on, each vehicle drives its assigned model with
   * its assigned shadow candidate riding along, and a poll that assigns other versions swaps them
   * in. Without it the vehicles drive whatever the simulator was built with. Call before {@link
   * #startReporting}.
   */
  public FleetReleaseLink installModels(DeviceModels models) {
    this.models = Objects.requireNonNull(models, "models");
    return this;
  }

  /**
   * Starts reporting {@code fleet}'s counters and exposure (its vehicles in the order of the
   * devices given to {@link #connect}), one slice of devices per tick.
   */
  public void startReporting(SimulatedFleet fleet) {
    if (fleet.vehicles() != devices.size()) {
      throw new IllegalArgumentException(
          "fleet of " + fleet.vehicles() + " vehicles, link of " + devices.size() + " devices");
    }
    this.fleet = fleet;
    if (models != null) {
      synchronized (this) {
        for (int v = 0; v < assigned.size(); v++) {
          AssignmentTriggers.Assigned a = assigned.get(v);
          // the simulator's models do not carry the assignment's versions yet: install them
          assigned.set(
              v, a.withModels(Artifact.getDefaultInstance(), Artifact.getDefaultInstance()));
          applyModels(v, a);
        }
      }
    }
    long tickMs = options.tick().toMillis();
    reporter.scheduleAtFixedRate(this::reportSlice, tickMs, tickMs, TimeUnit.MILLISECONDS);
  }

  private void reportSlice() {
    int n = devices.size();
    long ticksPerRound = Math.max(1, options.reportEvery().toMillis() / options.tick().toMillis());
    int slice = (int) Math.max(1, (n + ticksPerRound - 1) / ticksPerRound);
    for (int i = 0; i < slice && i < n; i++) {
      int v = cursor;
      cursor = (cursor + 1) % n;
      try {
        reportOne(v);
        pollIfDue(v);
      } catch (StatusRuntimeException e) {
        long f = failures.incrementAndGet();
        if (f == 1 || f % 100 == 0) {
          LOG.warn(
              "device {}: release channel call failed ({} failures so far): {}",
              devices.get(v).id(),
              f,
              ReleaseChannelClient.describe(e));
        }
      } catch (RuntimeException e) {
        LOG.warn("device {}: report failed: {}", devices.get(v).id(), e.toString());
      }
    }
  }

  /** Sends device {@code v}'s cumulative counters and exposure now. */
  public ReportAck reportOne(int v) {
    EdgeAgent agent = fleet.agent(v);
    DeviceReport report = EdgeReports.report(agent);
    ReportAck ack = client(v).report(report);
    reports.incrementAndGet();
    return ack;
  }

  /**
   * Installs the model and shadow {@code next} assigns to vehicle {@code v} when they differ from
   * what it runs; on failure the vehicle keeps its models and the next poll tries again.
   */
  private void applyModels(int v, AssignmentTriggers.Assigned assignment) {
    AssignmentTriggers.Assigned current = assigned.get(v);
    // an assignment without a model (no FleetRelease selects the device) keeps the installed one
    AssignmentTriggers.Assigned next =
        assignment.modelVersion().isEmpty()
            ? assignment.withModels(current.model(), assignment.shadow())
            : assignment;
    if (models == null
        || (current.modelVersion().equals(next.modelVersion())
            && current.shadowVersion().equals(next.shadowVersion()))) {
      return;
    }
    String device = devices.get(v).id();
    try {
      var active =
          next.modelVersion().isEmpty()
              ? fleet.simulator().active(v)
              : models.resolve(next.model());
      var shadow = models.resolve(next.shadow());
      fleet.assignModels(v, active, shadow);
      assigned.set(v, current.withModels(next.model(), next.shadow()));
      modelChanges.incrementAndGet();
      LOG.debug(
          "device {}: drives model {} (was {}), shadow {} (was {})",
          device,
          display(next.modelVersion()),
          display(current.modelVersion()),
          display(next.shadowVersion()),
          display(current.shadowVersion()));
    } catch (DeviceModels.ModelUnavailableException e) {
      long f = modelFailures.incrementAndGet();
      if (f == 1 || f % 100 == 0) {
        LOG.warn(
            "device {}: keeps model {} ({} failed installations so far): {}",
            device,
            display(current.modelVersion()),
            f,
            e.getMessage());
      }
    }
  }

  private static String display(String version) {
    return version.isEmpty() ? "(none)" : version;
  }

  private void pollIfDue(int v) {
    long now = System.nanoTime();
    if (now < pollDueNanos[v]) {
      return;
    }
    AssignmentTriggers.Assigned current = assigned.get(v);
    Assignment a = client(v).assignment(hello(v, current.versions(), current.modelVersion()));
    pollDueNanos[v] = now + TimeUnit.SECONDS.toNanos(Math.max(1, a.getPollAfterSeconds()));
    AssignmentTriggers.Assigned next = cache.resolve(a);
    if (!next.versions().equals(current.versions())) {
      changes.incrementAndGet();
      assigned.set(v, next.withModels(current.model(), current.shadow()));
      fleet.agent(v).updateTriggers(next.triggers());
      LOG.info(
          "device {}: assignment changed from {} to {} trigger(s), applied from the next frame",
          devices.get(v).id(),
          current.versions().size(),
          next.versions().size());
    }
    applyModels(v, next);
  }

  private DeviceHello hello(int v, List<TriggerVersion> current, String model) {
    Device d = devices.get(v);
    return DeviceHello.newBuilder()
        .setDeviceId(d.id())
        .putAllLabels(labels.apply(d))
        .setHardware(d.hardware())
        .setCurrentModelVersion(model)
        .addAllCurrentTriggers(current)
        .build();
  }

  private ReleaseChannelClient client(int v) {
    return ReleaseChannelClient.onChannel(
        channel, DeviceToken.authorizationHeader(tokens.get(v).get()), options.deadline());
  }

  /** Reports the channel acknowledged. */
  public long reportsSent() {
    return reports.get();
  }

  /** Calls that failed. */
  public long failures() {
    return failures.get();
  }

  /** Polls whose trigger set differed from the one the device runs. */
  public long assignmentChanges() {
    return changes.get();
  }

  /** Model or shadow changes devices installed (the initial installation included). */
  public long modelChanges() {
    return modelChanges.get();
  }

  /** The shared cache of compiled trigger sets. */
  public AssignmentTriggers cache() {
    return cache;
  }

  @Override
  public void close() {
    reporter.shutdownNow();
    try {
      reporter.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    channel.shutdownNow();
  }
}
