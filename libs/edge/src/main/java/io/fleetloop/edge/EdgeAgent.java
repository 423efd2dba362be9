package io.fleetloop.edge;

import com.google.protobuf.Timestamp;
import io.fleetloop.codec.ClipFormat;
import io.fleetloop.codec.ClipFrames;
import io.fleetloop.codec.FeatureCodec;
import io.fleetloop.codec.RawFeatureCodec;
import io.fleetloop.ingest.api.ClipDigests;
import io.fleetloop.ingest.client.IngestClient;
import io.fleetloop.ingest.grpc.ClipHeader;
import io.fleetloop.ingest.grpc.ClipMetadata;
import io.fleetloop.trigger.Device;
import io.fleetloop.trigger.Env;
import io.fleetloop.trigger.Frame;
import io.fleetloop.trigger.Shadow;
import io.fleetloop.world.Conditions;
import io.fleetloop.world.FrameView;
import io.fleetloop.world.PolicyFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge agent of one device: fed every frame, it evaluates the device's DataTriggers, applies
 * each trigger's cooldown, sampling and daily budget, collects the pre/post-roll window of every
 * firing it keeps, encodes it with the device's {@link FeatureCodec} and hands it to its
 * store-and-forward {@link EdgeOutbox}. An {@link Uplink} uploads from the outbox.
 *
 * <p>Two ways in, so models never run twice:
 *
 * <ul>
 *   <li>{@link #onFrame(FrameView)}: a simulated vehicle; the {@code FleetSimulator} has already
 *       run the active and shadow models and the oracle (the human label).
 *   <li>{@link #onFrame(DeviceFrame)}: a real device; the agent runs the active model and the
 *       shadow candidate of its {@link ShadowMode} on the frame's features and computes their
 *       disagreement.
 * </ul>
 *
 * <p>Per frame the agent writes the frame into a ring buffer of primitive arrays (no allocation),
 * appends it to open windows, and evaluates every trigger once (one {@code Frame} and one {@code
 * Shadow} record per frame, shared by all triggers). Allocation happens only when a trigger fires.
 *
 * <p>Order of the checks on a firing: cooldown (a capture of the same trigger within {@code
 * cooldown}, or its window still open) → sampling (a deterministic per-device random stream) →
 * daily budget (clips; bytes, checked again with the exact size when the clip is encoded). Days are
 * UTC days of {@code frame.timestampMs}.
 *
 * <p>Threading: frames must come from one thread at a time (the simulator delivers one vehicle's
 * frames on one worker); {@link #counters()} and the outbox may be used from any thread.
 */
public final class EdgeAgent {

  private static final Logger LOG = LoggerFactory.getLogger(EdgeAgent.class);
  private static final long DAY_MS = 86_400_000L;
  private static final int F = PolicyFeatures.COUNT;
  // frame-thread counters, per trigger: [fired, cooldown, sampledOut, budget, captured]
  private static final int FIRED = 0;
  private static final int COOLDOWN = 1;
  private static final int SAMPLED_OUT = 2;
  private static final int BUDGET = 3;
  private static final int CAPTURED = 4;
  private static final int SLOTS = 5;

  private final Device device;
  private volatile TriggerSet triggers;
  private volatile TriggerSet pending;
  // per trigger slot; a slot keeps its index for the agent's life, null once its trigger is gone
  private TriggerSet.Armed[] armed;
  private final java.util.Map<String, Integer> slots =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final FeatureCodec codec;
  private final EdgeOutbox outbox;
  private final ShadowMode models;
  private volatile String modelVersion;
  private volatile String shadowModelVersion;
  private final int frameIntervalMs;
  private FrameHistory history;
  private final SplittableRandom random;
  private Window[] open;
  private long[] lastCaptureMs;
  private long[] budgetDay;
  private int[] clipsToday;
  private long[] bytesToday;
  private volatile AtomicLongArray tallies;
  private final AtomicLongArray frameCount = new AtomicLongArray(2); // [frames, open windows]
  private volatile DrivingExposure exposure = new DrivingExposure();
  // exposure under model versions this agent ran before (see updateModels), reported as they were
  private final List<io.fleetloop.release.grpc.Exposure> retiredExposure = new ArrayList<>();
  private volatile Runnable onQueued = () -> {};
  private volatile long failedUploads;
  private long sequence;
  private double odometerM;
  private int openWindows;

  private EdgeAgent(Builder b) {
    this.device = b.device;
    this.triggers = b.triggers;
    this.armed = b.triggers.triggers().toArray(new TriggerSet.Armed[0]);
    for (int t = 0; t < armed.length; t++) {
      slots.put(armed[t].id(), t);
    }
    this.codec = b.codec;
    this.outbox = new EdgeOutbox(b.outboxLimits, armed.length);
    this.models = b.models;
    this.modelVersion =
        b.modelVersion != null ? b.modelVersion : (models == null ? "" : models.active().version());
    this.shadowModelVersion =
        b.shadowModelVersion != null
            ? b.shadowModelVersion
            : (models == null || models.shadow() == null ? "" : models.shadow().version());
    this.frameIntervalMs = (int) triggers.frameInterval().toMillis();
    this.history = new FrameHistory(triggers.maxPreRollFrames() + 1, F);
    this.random = new SplittableRandom(b.seed ^ mix(device.id().hashCode()));
    this.open = new Window[armed.length];
    this.lastCaptureMs = new long[armed.length];
    java.util.Arrays.fill(lastCaptureMs, Long.MIN_VALUE);
    this.budgetDay = new long[armed.length];
    java.util.Arrays.fill(budgetDay, Long.MIN_VALUE);
    this.clipsToday = new int[armed.length];
    this.bytesToday = new long[armed.length];
    this.tallies = new AtomicLongArray(armed.length * SLOTS);
  }

  /** A builder for the agent of {@code device} running {@code triggers}. */
  public static Builder builder(Device device, TriggerSet triggers) {
    return new Builder(device, triggers);
  }

  public Device device() {
    return device;
  }

  /** The trigger set the agent runs now (a set passed to {@link #updateTriggers} once applied). */
  public TriggerSet triggers() {
    return triggers;
  }

  /**
   * Runs {@code next} instead of the current trigger set from the next frame on (callable from any
   * thread; the frame thread applies it between two frames). Triggers of both sets (same id) keep
   * their counters, cooldown, daily budget and open window, and take the new spec (generation,
   * sampling, budgets, windows); triggers only in {@code next} start from zero; the open window of
   * a trigger that is gone is finished with the frames collected so far and queued, and its
   * counters leave {@link #counters()}. Clips already in the outbox are uploaded either way.
   *
   * @throws IllegalArgumentException when {@code next} runs at another frame interval
   */
  public void updateTriggers(TriggerSet next) {
    Objects.requireNonNull(next, "next");
    if (!next.frameInterval().equals(triggers.frameInterval())) {
      throw new IllegalArgumentException(
          "device "
              + device.id()
              + ": a trigger set at "
              + next.frameInterval().toMillis()
              + " ms per frame cannot replace one at "
              + frameIntervalMs
              + " ms");
    }
    pending = next;
  }

  private void applyPending() {
    TriggerSet next = pending;
    pending = null;
    if (next == null || next == triggers) {
      return;
    }
    java.util.Set<String> keep = new java.util.HashSet<>();
    for (TriggerSet.Armed a : next.triggers()) {
      keep.add(a.id());
    }
    for (int t = 0; t < armed.length; t++) {
      if (armed[t] != null && !keep.contains(armed[t].id())) {
        if (open[t] != null) {
          close(t); // finished with the frames collected so far
        }
        String id = armed[t].id();
        LOG.debug("device {}: trigger {} removed", device.id(), id);
        armed[t] = null;
        slots.remove(id);
      }
    }
    int grown = armed.length;
    for (TriggerSet.Armed a : next.triggers()) {
      if (!slots.containsKey(a.id())) {
        slots.put(a.id(), grown++);
      }
    }
    if (grown > armed.length) {
      grow(grown);
    }
    for (TriggerSet.Armed a : next.triggers()) {
      armed[slots.get(a.id())] = a;
    }
    if (next.maxPreRollFrames() + 1 > history.capacity) {
      FrameHistory bigger = new FrameHistory(next.maxPreRollFrames() + 1, F);
      history = bigger; // pre-roll of later firings fills up again from here
    }
    triggers = next;
    LOG.debug("device {}: now running {} trigger(s)", device.id(), next.size());
  }

  private void grow(int n) {
    armed = java.util.Arrays.copyOf(armed, n);
    open = java.util.Arrays.copyOf(open, n);
    int from = lastCaptureMs.length;
    lastCaptureMs = java.util.Arrays.copyOf(lastCaptureMs, n);
    java.util.Arrays.fill(lastCaptureMs, from, n, Long.MIN_VALUE);
    budgetDay = java.util.Arrays.copyOf(budgetDay, n);
    java.util.Arrays.fill(budgetDay, from, n, Long.MIN_VALUE);
    clipsToday = java.util.Arrays.copyOf(clipsToday, n);
    bytesToday = java.util.Arrays.copyOf(bytesToday, n);
    outbox.ensureTriggers(n);
    AtomicLongArray old = tallies;
    AtomicLongArray next = new AtomicLongArray(n * SLOTS);
    for (int i = 0; i < old.length(); i++) {
      next.lazySet(i, old.get(i));
    }
    tallies = next;
  }

  public EdgeOutbox outbox() {
    return outbox;
  }

  /** The codec clips are encoded with. */
  public FeatureCodec codec() {
    return codec;
  }

  /**
   * The device's cumulative driving exposure under the model versions it runs now (active model and
   * shadow candidate); see {@link #exposureSnapshot()} for everything since it started.
   */
  public DrivingExposure exposure() {
    return exposure;
  }

  /**
   * The device's cumulative exposure since it started as report entries: the exposure under the
   * versions it runs now plus, unchanged, what it drove under versions it ran before {@link
   * #updateModels}. Callable from any thread.
   */
  public synchronized List<io.fleetloop.release.grpc.Exposure> exposureSnapshot() {
    List<io.fleetloop.release.grpc.Exposure> out = new ArrayList<>(retiredExposure);
    out.addAll(exposure.snapshot(modelVersion, shadowModelVersion));
    return out;
  }

  /**
   * Records that the device now runs {@code active} and {@code shadow} (empty: none): clips and
   * exposure from the next frame on carry these versions; the exposure counted under the previous
   * versions is kept and reported as it was. For agents whose frames carry the models' decisions (a
   * simulated fleet, where the simulator runs the models); call it between two frames.
   *
   * @throws IllegalStateException when this agent runs the models itself ({@link Builder#models})
   */
  public synchronized void updateModels(String active, String shadow) {
    Objects.requireNonNull(active, "active");
    Objects.requireNonNull(shadow, "shadow");
    if (models != null) {
      throw new IllegalStateException(
          "device " + device.id() + " runs its models itself; its versions follow its ShadowMode");
    }
    if (active.equals(modelVersion) && shadow.equals(shadowModelVersion)) {
      return;
    }
    retiredExposure.addAll(exposure.snapshot(modelVersion, shadowModelVersion));
    exposure = new DrivingExposure();
    modelVersion = active;
    shadowModelVersion = shadow;
  }

  /** The active model version this agent runs (empty: none). */
  public String modelVersion() {
    return modelVersion;
  }

  /** The shadow candidate's version (empty: none). */
  public String shadowModelVersion() {
    return shadowModelVersion;
  }

  /** Called (on the frame thread) after a clip entered the outbox; an {@link Uplink} sets it. */
  void onQueued(Runnable hook) {
    this.onQueued = Objects.requireNonNull(hook);
  }

  /** A frame of a simulated vehicle (models already run by the simulator). */
  public void onFrame(FrameView view) {
    if (pending != null) {
      applyPending();
    }
    FrameHistory h = history;
    view.features(h.features, 0);
    int slot =
        h.write(
            view.oracleCategory(),
            (float) view.oracleSteering(),
            view.activeCategory(),
            view.shadowCategory() < 0 ? ClipFrames.NO_SHADOW : view.shadowCategory(),
            flags(view.takeover(), view.humanDriving()),
            (float) view.disagreement(),
            view.condition(),
            view.timestampMs());
    odometerM += view.speedMps() * frameIntervalMs / 1000.0;
    exposure.onFrame(
        view.condition(),
        view.speedMps(),
        view.accelMps2(),
        view.takeover(),
        view.activeCategory() >= 0,
        view.oracleCategory(),
        view.oracleSteering(),
        view.shadowCategory(),
        view.shadowSteering());
    process(slot, view.toFrame(), view.toShadow(), view.env());
  }

  /**
   * A frame of a real device: runs the active model and the shadow candidate on its features, then
   * the triggers.
   *
   * @throws IllegalStateException when the agent was built without {@link Builder#models}
   */
  public void onFrame(DeviceFrame in) {
    if (models == null) {
      throw new IllegalStateException(
          "device " + device.id() + ": onFrame(DeviceFrame) needs the agent's models");
    }
    if (in.features().length != F) {
      throw new IllegalArgumentException(
          "device "
              + device.id()
              + ": expected "
              + F
              + " policy features, got "
              + in.features().length);
    }
    if (pending != null) {
      applyPending();
    }
    FrameHistory h = history;
    System.arraycopy(in.features(), 0, h.features, 0, F);
    models.run(h.features, 0);
    int slot =
        h.write(
            in.humanAction(),
            (float) in.humanSteering(),
            models.activeCategory,
            models.shadowCategory < 0 ? ClipFrames.NO_SHADOW : models.shadowCategory,
            flags(in.frame().takeover(), in.humanDriving()),
            (float) models.disagreement,
            Conditions.index(in.env()),
            in.frame().timestampMs());
    odometerM += in.frame().speedMps() * frameIntervalMs / 1000.0;
    exposure.onFrame(
        Conditions.index(in.env()),
        in.frame().speedMps(),
        in.frame().accelMps2(),
        in.frame().takeover(),
        true,
        in.humanAction(),
        in.humanSteering(),
        models.shadowCategory,
        models.shadowSteering);
    process(slot, in.frame(), models.toShadow(), in.env());
  }

  private static int flags(boolean takeover, boolean humanDriving) {
    return (takeover ? ClipFrames.FLAG_TAKEOVER : 0)
        | (humanDriving ? ClipFrames.FLAG_HUMAN_DRIVING : 0);
  }

  private void process(int slot, Frame frame, Shadow shadow, Env env) {
    if (openWindows > 0) {
      for (int t = 0; t < open.length; t++) {
        Window w = open[t];
        if (w != null) {
          w.append(history, slot);
          if (w.complete()) {
            close(t);
          }
        }
      }
    }
    long now = frame.timestampMs();
    for (int t = 0; t < armed.length; t++) {
      TriggerSet.Armed a = armed[t];
      if (a != null && a.condition().evaluate(frame, shadow, env, device)) {
        fire(t, a, now, env);
      }
    }
    frameCount.lazySet(0, frameCount.get(0) + 1);
  }

  private void fire(int t, TriggerSet.Armed a, long now, Env env) {
    bump(t, FIRED);
    if (open[t] != null
        || (lastCaptureMs[t] != Long.MIN_VALUE && now - lastCaptureMs[t] < a.cooldownMs())) {
      bump(t, COOLDOWN);
      return;
    }
    double rate = a.spec().samplingRate();
    if (rate < 1.0 && random.nextDouble() >= rate) {
      bump(t, SAMPLED_OUT);
      return;
    }
    long day = Math.floorDiv(now, DAY_MS);
    if (budgetDay[t] != day) {
      budgetDay[t] = day;
      clipsToday[t] = 0;
      bytesToday[t] = 0;
    }
    if (clipsToday[t] >= a.spec().clipsPerDevicePerDay()
        || bytesToday[t] >= a.spec().bytesPerDevicePerDay()) {
      bump(t, BUDGET);
      return;
    }
    clipsToday[t]++;
    lastCaptureMs[t] = now;
    int pre = Math.min(a.preRollFrames(), history.held() - 1);
    open[t] = new Window(a, history, pre, day, env);
    openWindows++;
    if (open[t].complete()) {
      close(t);
    }
    frameCount.lazySet(1, openWindows);
  }

  /**
   * Finishes every open window with the frames collected so far (a shorter post-roll): for a device
   * shutting down, or a simulation that stops. Call from the frame thread.
   */
  public void flushWindows() {
    for (int t = 0; t < open.length; t++) {
      if (open[t] != null) {
        close(t);
      }
    }
  }

  private void close(int t) {
    Window w = open[t];
    open[t] = null;
    openWindows--;
    frameCount.lazySet(1, openWindows);
    TriggerSet.Armed a = w.trigger;
    byte[] payload = ClipFormat.write(w.toClip(frameIntervalMs), codec);
    if (budgetDay[t] == w.day && bytesToday[t] + payload.length > a.spec().bytesPerDevicePerDay()) {
      clipsToday[t]--;
      bump(t, BUDGET);
      LOG.debug(
          "device {} trigger {}: clip of {} bytes over the daily byte budget, discarded",
          device.id(),
          a.id(),
          payload.length);
      return;
    }
    if (budgetDay[t] == w.day) {
      bytesToday[t] += payload.length;
    }
    QueuedClip clip =
        new QueuedClip(
            new IngestClient.Clip(header(w, payload), payload), t, a.spec().priority(), sequence++);
    bump(t, CAPTURED);
    if (outbox.offer(clip)) {
      onQueued.run();
    } else {
      LOG.debug(
          "device {} trigger {}: outbox full, clip {} dropped", device.id(), a.id(), clip.clipId());
    }
  }

  private ClipHeader header(Window w, byte[] payload) {
    Env env = w.env;
    return ClipHeader.newBuilder()
        .setDeviceId(device.id())
        .setClipId(UUID.randomUUID().toString())
        .setTriggerId(w.trigger.id())
        .setTriggerGeneration(w.trigger.spec().generation())
        .setWindowStart(timestamp(w.startMs()))
        .setWindowEnd(timestamp(w.endMs()))
        .setCodecVersion(codec.version())
        .setModelVersion(modelVersion)
        .setTotalSize(payload.length)
        .setSha256(ClipDigests.sha256Hex(payload))
        .setMetadata(
            ClipMetadata.newBuilder()
                .putEnv("weather", env.weather().wire())
                .putEnv("zone", env.zone().wire())
                .putEnv("light", env.light().wire())
                .putEnv("road", env.road().wire())
                .setTakeover(w.anyTakeover())
                .setShadowDisagreement(w.maxDisagreement())
                .setShadowModelVersion(shadowModelVersion)
                .setOdometerKm(odometerM / 1000.0))
        .build();
  }

  private static Timestamp timestamp(long ms) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(ms, 1000L))
        .setNanos((int) Math.floorMod(ms, 1000L) * 1_000_000)
        .build();
  }

  private void bump(int t, int kind) {
    int i = t * SLOTS + kind;
    tallies.lazySet(i, tallies.get(i) + 1);
  }

  /** Counts a failed upload attempt; called by the agent's single uploader task. */
  void addFailedUpload() {
    failedUploads++;
  }

  /** An immutable snapshot of the agent's counters; callable from any thread. */
  public AgentCounters counters() {
    AtomicLongArray tallies = this.tallies;
    TriggerSet running = triggers;
    int n = tallies.length() / SLOTS;
    long[][] box = new long[n][5];
    outbox.addTallies(box);
    long frames = frameCount.get(0);
    List<TriggerCounters> list = new ArrayList<>(running.size());
    for (TriggerSet.Armed a : running.triggers()) {
      Integer slot = slotOf(a.id());
      if (slot == null || slot >= n) {
        continue;
      }
      int t = slot;
      int i = t * SLOTS;
      list.add(
          new TriggerCounters(
              a.id(),
              frames,
              tallies.get(i + FIRED),
              tallies.get(i + COOLDOWN),
              tallies.get(i + SAMPLED_OUT),
              tallies.get(i + BUDGET),
              tallies.get(i + CAPTURED),
              box[t][0],
              box[t][1],
              box[t][2],
              box[t][3],
              box[t][4]));
    }
    return new AgentCounters(
        device.id(),
        1,
        frames,
        list,
        (int) frameCount.get(1),
        outbox.size(),
        outbox.bytes(),
        failedUploads);
  }

  private Integer slotOf(String id) {
    return slots.get(id);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  /** Builder for an {@link EdgeAgent}. */
  public static final class Builder {
    private final Device device;
    private final TriggerSet triggers;
    private FeatureCodec codec = RawFeatureCodec.INSTANCE;
    private OutboxLimits outboxLimits = OutboxLimits.defaults();
    private ShadowMode models;
    private String modelVersion;
    private String shadowModelVersion;
    private long seed = 0x5eed_ed6eL;

    private Builder(Device device, TriggerSet triggers) {
      this.device = Objects.requireNonNull(device, "device");
      this.triggers = Objects.requireNonNull(triggers, "triggers");
    }

    /** The codec clips are encoded with (default: {@link RawFeatureCodec}). */
    public Builder codec(FeatureCodec value) {
      this.codec = Objects.requireNonNull(value, "codec");
      return this;
    }

    public Builder outboxLimits(OutboxLimits value) {
      this.outboxLimits = Objects.requireNonNull(value, "outboxLimits");
      return this;
    }

    /** The models a real device runs ({@link #onFrame(DeviceFrame)}). */
    public Builder models(ShadowMode value) {
      this.models = value;
      return this;
    }

    /** The active model version written into clip headers (default: the models' version). */
    public Builder modelVersion(String active, String shadow) {
      this.modelVersion = active;
      this.shadowModelVersion = shadow;
      return this;
    }

    /** Seed of the sampling stream; mixed with the device id, so devices sample independently. */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    public EdgeAgent build() {
      return new EdgeAgent(this);
    }
  }
}
