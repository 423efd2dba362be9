package io.fleetloop.world;

import io.fleetloop.trigger.Device;
import io.fleetloop.world.model.Mlp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The fleet simulator: N vehicles stepped at 10 Hz, each with its own evolving scenario, traffic,
 * kinematics, human oracle and (optionally) an active policy and a shadow candidate. It counts
 * kilometres and interventions per vehicle and per condition, and hands every frame to a {@link
 * FrameVisitor}.
 *
 * <h2>Determinism</h2>
 *
 * Every vehicle draws from its own {@link SplittableRandom}, split from the seed in vehicle order;
 * vehicles never interact; model outputs do not depend on how vehicles are batched ({@link
 * Mlp.Runner}'s batched and single passes are bit-identical); fleet totals are integer sums. So the
 * same config, models and tick count give identical statistics, whatever the thread count. The
 * transcendental functions the world calls are {@link StrictMath}'s, so results do not hinge on a
 * CPU's intrinsics.
 *
 * <h2>Speed</h2>
 *
 * State is struct-of-arrays. Each worker thread owns a contiguous range of 128-vehicle blocks and
 * steps a block through up to 16 ticks while its state is in cache; per block and tick it builds
 * the policy features feature-major and runs the MLP batched over the block (inner loops over
 * vehicles, vectorised by the JIT). No allocation per frame: the visitor receives a reused {@link
 * FrameView}. With {@link WorldConfig#modelIntervalFrames()} {@code = k > 1} the policy runs on
 * every k-th frame per vehicle (staggered by block) and the vehicle holds its last action in
 * between.
 *
 * <p>Models are assigned per vehicle ({@link #setActive(int, PolicyModel)}, {@link #setShadow(int,
 * PolicyModel)}), so a fleet slice can run a candidate; blocks with mixed models are split into one
 * batch per model. Change assignments only between runs. Not thread-safe: one caller at a time.
 */
public final class FleetSimulator implements AutoCloseable {
  static final int BLOCK = 128;
  static final int CHUNK = 16;
  private static final int F = PolicyFeatures.COUNT;
  private static final int O = PolicyModel.OUTPUTS;

  private final WorldConfig config;
  private final Driver driver;
  private final int n;
  private final SplittableRandom[] rng;
  private final ScenarioGenerator scenario;
  private final Traffic traffic;
  private final InterventionRule rule;
  private final double dangerThreshold;
  private final int consecutive;
  private final int cooldownFrames;
  private final int modelInterval;

  private final double[] speed;
  private final double[] offset;
  private final double[] heading;
  private final long[] odometerUm;
  private final int[] streak;
  private final int[] cooldown;
  private final int[] vehInterventions;
  private final int[] vehCollisions;
  private final byte[] actCat;
  private final float[] actSteer;
  private final byte[] shCat;
  private final float[] shSteer;
  private final float[] disagreement;
  private final byte[] activeSlot;
  private final byte[] shadowSlot;
  private final double[] noise;
  private final int[] slipLeft;
  private final byte[] slipCat;
  private final double[] slipClock;
  private final Device[] devices;

  private final List<PolicyModel> slots = new ArrayList<>();
  private final Worker[] workers;
  private final ExecutorService pool;
  private long tick;

  /**
   * A fleet driven by {@code driver}; {@code active} and {@code shadow} (either may be {@code
   * null}) are assigned to every vehicle.
   */
  public FleetSimulator(WorldConfig config, Driver driver, PolicyModel active, PolicyModel shadow) {
    this.config = Objects.requireNonNull(config, "config");
    this.driver = Objects.requireNonNull(driver, "driver");
    this.n = config.vehicles();
    this.rule = config.interventionRule();
    this.dangerThreshold = rule.dangerThreshold();
    this.consecutive = rule.consecutiveFrames();
    this.cooldownFrames = rule.cooldownFrames();
    this.modelInterval = config.modelIntervalFrames();
    this.rng = new SplittableRandom[n];
    SplittableRandom root = new SplittableRandom(config.seed());
    for (int v = 0; v < n; v++) {
      rng[v] = root.split();
    }
    this.scenario = new ScenarioGenerator(config, n);
    this.traffic = new Traffic(n, config.hiddenHazardPerKm());
    speed = new double[n];
    offset = new double[n];
    heading = new double[n];
    odometerUm = new long[n];
    streak = new int[n];
    cooldown = new int[n];
    vehInterventions = new int[n];
    vehCollisions = new int[n];
    actCat = new byte[n];
    actSteer = new float[n];
    shCat = new byte[n];
    shSteer = new float[n];
    disagreement = new float[n];
    activeSlot = new byte[n];
    shadowSlot = new byte[n];
    noise = new double[n];
    slipLeft = new int[n];
    slipCat = new byte[n];
    slipClock = new double[n];
    devices = new Device[n];
    java.util.Arrays.fill(activeSlot, (byte) -1);
    java.util.Arrays.fill(shadowSlot, (byte) -1);
    java.util.Arrays.fill(actCat, (byte) Longitudinal.CRUISE.ordinal());
    java.util.Arrays.fill(shCat, (byte) Longitudinal.CRUISE.ordinal());
    for (int v = 0; v < n; v++) {
      SplittableRandom r = rng[v];
      scenario.init(v, r);
      int cond = scenario.condition(v);
      double vT = Oracle.targetSpeed(cond, 0, scenario.curvature(v));
      speed[v] = vT * (0.8 + 0.2 * r.nextDouble());
      offset[v] = 0.3 * (2 * r.nextDouble() - 1);
      traffic.init(v, speed[v], scenario.trafficDensity(v), scenario.pedestrianMean(v), r);
      slipClock[v] = -StrictMath.log(1.0 - r.nextDouble());
    }
    int blocks = (n + BLOCK - 1) / BLOCK;
    int threads = Math.min(config.threads(), blocks);
    this.workers = new Worker[threads];
    for (int w = 0; w < threads; w++) {
      int fromBlock = (int) ((long) blocks * w / threads);
      int toBlock = (int) ((long) blocks * (w + 1) / threads);
      workers[w] = new Worker(w, fromBlock * BLOCK, Math.min(n, toBlock * BLOCK));
    }
    this.pool =
        threads > 1
            ? Executors.newFixedThreadPool(
                threads - 1,
                r -> {
                  Thread t = new Thread(r, "fleet-sim-worker");
                  t.setDaemon(true);
                  return t;
                })
            : null;
    if (active != null) {
      setActive(active);
    }
    if (shadow != null) {
      setShadow(shadow);
    }
  }

  /** A fleet driven by {@code model}, with human takeovers. */
  public static FleetSimulator driving(WorldConfig config, PolicyModel model) {
    return new FleetSimulator(config, Driver.MODEL, Objects.requireNonNull(model, "model"), null);
  }

  /** A fleet driven by humans (for collecting data), no models. */
  public static FleetSimulator humanDriven(WorldConfig config) {
    return new FleetSimulator(config, Driver.HUMAN, null, null);
  }

  public WorldConfig config() {
    return config;
  }

  public Driver driver() {
    return driver;
  }

  /** Number of vehicles. */
  public int vehicles() {
    return n;
  }

  /** Worker threads ({@link FrameView#worker()} ranges over 0 .. threads − 1). */
  public int threads() {
    return workers.length;
  }

  /** Ticks simulated so far. */
  public long tick() {
    return tick;
  }

  /** Assigns {@code model} (or none) as the active policy of every vehicle. */
  public void setActive(PolicyModel model) {
    byte s = slot(model);
    java.util.Arrays.fill(activeSlot, s);
  }

  /** Assigns {@code model} (or none) as the active policy of vehicle {@code v}. */
  public void setActive(int v, PolicyModel model) {
    activeSlot[v] = slot(model);
  }

  /** Assigns {@code model} (or none) as the shadow candidate of every vehicle. */
  public void setShadow(PolicyModel model) {
    byte s = slot(model);
    java.util.Arrays.fill(shadowSlot, s);
  }

  /** Assigns {@code model} (or none) as the shadow candidate of vehicle {@code v}. */
  public void setShadow(int v, PolicyModel model) {
    shadowSlot[v] = slot(model);
  }

  /** Vehicle {@code v}'s active policy, or {@code null}. */
  public PolicyModel active(int v) {
    int s = activeSlot[v];
    return s < 0 ? null : slots.get(s);
  }

  /** Vehicle {@code v}'s shadow candidate, or {@code null}. */
  public PolicyModel shadow(int v) {
    int s = shadowSlot[v];
    return s < 0 ? null : slots.get(s);
  }

  private byte slot(PolicyModel model) {
    if (model == null) {
      return -1;
    }
    for (int i = 0; i < slots.size(); i++) {
      if (slots.get(i) == model) {
        return (byte) i;
      }
    }
    if (slots.size() >= Byte.MAX_VALUE) {
      throw new IllegalStateException("too many distinct models in one simulator");
    }
    slots.add(model);
    for (Worker w : workers) {
      w.runners.add(model.mlp().runner());
    }
    return (byte) (slots.size() - 1);
  }

  /** Vehicle {@code v}'s device: id {@code prefix + %05d}, label {@code fleet=reference-world}. */
  public Device device(int v) {
    Device d = devices[v];
    if (d == null) {
      d =
          new Device(
              String.format("%s%05d", config.deviceIdPrefix(), v),
              Map.of("fleet", "reference-world"),
              config.hardware());
      devices[v] = d;
    }
    return d;
  }

  /** A snapshot of vehicle {@code v}'s scenario. */
  public Scenario scenario(int v) {
    return scenario.scenario(v);
  }

  /** Vehicle {@code v}'s current speed, m/s. */
  public double speed(int v) {
    return speed[v];
  }

  /** Runs {@code ticks} ticks without a visitor. */
  public void run(int ticks) {
    run(ticks, null);
  }

  /** Runs {@code ticks} ticks, handing every frame to {@code visitor} (may be {@code null}). */
  public void run(int ticks, FrameVisitor visitor) {
    if (ticks <= 0) {
      return;
    }
    long start = tick;
    if (workers.length == 1) {
      workers[0].run(start, ticks, visitor);
    } else {
      List<Future<?>> futures = new ArrayList<>(workers.length - 1);
      for (int w = 1; w < workers.length; w++) {
        Worker worker = workers[w];
        futures.add(pool.submit(() -> worker.run(start, ticks, visitor)));
      }
      RuntimeException failure = null;
      try {
        workers[0].run(start, ticks, visitor);
      } catch (RuntimeException e) {
        failure = e;
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while simulating", e);
        } catch (ExecutionException e) {
          if (failure == null) {
            Throwable c = e.getCause();
            failure =
                c instanceof RuntimeException ? (RuntimeException) c : new RuntimeException(c);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
    tick = start + ticks;
  }

  /** A snapshot of the statistics so far. */
  public FleetStats stats() {
    int c = Conditions.COUNT;
    long[] dist = new long[c];
    long[] frames = new long[c];
    long[] human = new long[c];
    long[] inter = new long[c];
    long[] coll = new long[c];
    for (Worker w : workers) {
      for (int i = 0; i < c; i++) {
        dist[i] += w.distUm[i];
        frames[i] += w.frames[i];
        human[i] += w.humanFrames[i];
        inter[i] += w.interventions[i];
        coll[i] += w.collisions[i];
      }
    }
    return new FleetStats(
        tick,
        dist,
        frames,
        human,
        inter,
        coll,
        odometerUm.clone(),
        vehInterventions.clone(),
        vehCollisions.clone());
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  /** One worker: a contiguous range of blocks, its own scratch and tallies. */
  private final class Worker {
    final int id;
    final int from;
    final int to;
    final long[] distUm = new long[Conditions.COUNT];
    final long[] frames = new long[Conditions.COUNT];
    final long[] humanFrames = new long[Conditions.COUNT];
    final long[] interventions = new long[Conditions.COUNT];
    final long[] collisions = new long[Conditions.COUNT];
    final List<Mlp.Runner> runners = new ArrayList<>();
    final FrameView view;
    final float[][] x = new float[F][BLOCK];
    final float[][] aOut = new float[O][BLOCK];
    final float[][] sOut = new float[O][BLOCK];
    final float[][] subX = new float[F][BLOCK];
    final float[][] subOut = new float[O][BLOCK];
    final float[] features = new float[F];
    final int[] lanes = new int[BLOCK];
    final int[] oCat = new int[BLOCK];
    final double[] oSteer = new double[BLOCK];
    final double[] ttc = new double[BLOCK];

    Worker(int id, int from, int to) {
      this.id = id;
      this.from = from;
      this.to = to;
      this.view = new FrameView(FleetSimulator.this, id);
    }

    void run(long start, int ticks, FrameVisitor visitor) {
      for (int t0 = 0; t0 < ticks; t0 += CHUNK) {
        int t1 = Math.min(ticks, t0 + CHUNK);
        for (int b0 = from; b0 < to; b0 += BLOCK) {
          int b1 = Math.min(to, b0 + BLOCK);
          for (int t = t0; t < t1; t++) {
            step(b0, b1, start + t, visitor);
          }
        }
      }
    }

    private void step(int b0, int b1, long now, FrameVisitor visitor) {
      final int count = b1 - b0;
      final boolean models = !slots.isEmpty();
      final boolean infer = models && ((now + b0 / BLOCK) % modelInterval == 0);
      final Traffic tr = traffic;
      final ScenarioGenerator sc = scenario;
      // A: perceive, ask the oracle, build features
      for (int j = 0; j < count; j++) {
        int v = b0 + j;
        int cond = sc.condition(v);
        double sp = speed[v];
        double kappa = sc.curvature(v);
        int peds = tr.pedestrians(v);
        double t = tr.ttc(v, sp);
        ttc[j] = t;
        double gap = tr.leadGap[v];
        double vl = tr.leadSpeed[v];
        double obs = tr.obstacle[v];
        double vT = Oracle.targetSpeed(cond, peds, kappa);
        oCat[j] = Oracle.longitudinal(cond, sp, vT, t, gap, vl, obs, tr.hazard(v));
        oSteer[j] = Oracle.steering(cond, sp, offset[v], heading[v], kappa);
        if (infer) {
          float[] fv = features;
          PolicyFeatures.fill(
              fv,
              0,
              1,
              cond,
              sp,
              offset[v],
              heading[v],
              kappa,
              t,
              gap,
              vl,
              obs,
              peds,
              tr.vehicles(v));
          for (int f = 0; f < F; f++) {
            x[f][j] = fv[f];
          }
        }
      }
      // B: policy inference, batched per model
      if (infer) {
        boolean activeAny = runSlots(activeSlot, b0, count, aOut);
        if (activeAny) {
          for (int j = 0; j < count; j++) {
            int v = b0 + j;
            if (activeSlot[v] >= 0) {
              actCat[v] = (byte) PolicyModel.category(aOut, j);
              actSteer[v] = (float) PolicyModel.steering(aOut, j);
            }
          }
        }
        if (runSlots(shadowSlot, b0, count, sOut)) {
          for (int j = 0; j < count; j++) {
            int v = b0 + j;
            if (shadowSlot[v] >= 0) {
              shCat[v] = (byte) PolicyModel.category(sOut, j);
              shSteer[v] = (float) PolicyModel.steering(sOut, j);
              disagreement[v] = activeSlot[v] >= 0 ? (float) disagreement(aOut, sOut, j, v) : 0f;
            }
          }
        }
      }
      // C: decide, intervene, integrate, count, visit
      final boolean modelDrives = driver == Driver.MODEL;
      final boolean humanNoise =
          config.humanSteeringNoise() > 0 || config.humanSlipsPerMinute() > 0;
      final double dt = WorldConfig.DT_S;
      for (int j = 0; j < count; j++) {
        int v = b0 + j;
        int cond = sc.condition(v);
        double sp = speed[v];
        int oc = oCat[j];
        double os = oSteer[j];
        boolean hasActive = activeSlot[v] >= 0;
        int mc = actCat[v];
        double ms = actSteer[v];
        boolean human;
        boolean takeover = false;
        double danger = Double.NaN;
        int exeCat;
        double exeSteer;
        if (modelDrives && hasActive) {
          if (cooldown[v] > 0) {
            cooldown[v]--;
            human = true;
          } else {
            danger = rule.danger(oc, os, mc, ms, sp);
            if (danger >= dangerThreshold) {
              if (++streak[v] >= consecutive) {
                takeover = true;
                streak[v] = 0;
                cooldown[v] = cooldownFrames - 1;
                vehInterventions[v]++;
                interventions[cond]++;
              }
            } else {
              streak[v] = 0;
            }
            human = takeover;
          }
          exeCat = human ? oc : mc;
          exeSteer = human ? os : ms;
        } else {
          human = true;
          exeCat = oc;
          exeSteer = os;
          if (humanNoise) {
            exeSteer = noisySteering(v, os, dt);
            if (slipLeft[v] > 0) {
              slipLeft[v]--;
              exeCat = slipCat[v];
            }
          }
          if (hasActive) {
            danger = rule.danger(oc, os, mc, ms, sp);
          }
        }
        double mu = Oracle.friction(cond);
        double a = Longitudinal.accel(exeCat, mu);
        double dx = Kinematics.distance(sp, a, dt);
        double nsp = Kinematics.nextSpeed(sp, a, dt);
        double kappa = sc.curvature(v);
        double h = heading[v] + (-exeSteer * Kinematics.C_MAX - kappa) * dx;
        h =
            h > Kinematics.MAX_HEADING
                ? Kinematics.MAX_HEADING
                : Math.max(h, -Kinematics.MAX_HEADING);
        double y = offset[v] + h * dx;
        y = y > Kinematics.MAX_OFFSET ? Kinematics.MAX_OFFSET : Math.max(y, -Kinematics.MAX_OFFSET);
        long um = Kinematics.toMicrometres(dx);
        odometerUm[v] += um;
        distUm[cond] += um;
        frames[cond]++;
        if (human) {
          humanFrames[cond]++;
        }
        if (visitor != null) {
          FrameView f = view;
          f.vehicle = v;
          f.tick = now;
          f.timestampMs = config.startEpochMs() + now * WorldConfig.DT_MS;
          f.condition = cond;
          f.speed = sp;
          f.accel = a;
          f.steering = exeSteer;
          f.brake = Longitudinal.brake(exeCat);
          f.takeover = takeover;
          f.ttc = ttc[j];
          f.offset = offset[v];
          f.heading = heading[v];
          f.curvature = kappa;
          f.leadGap = traffic.leadGap[v];
          f.leadSpeed = traffic.leadSpeed[v];
          f.obstacle = traffic.obstacle[v];
          f.pedestrians = traffic.pedestrians(v);
          f.vehiclesNearby = traffic.vehicles(v);
          f.humanDriving = human;
          f.hazard = traffic.hazard(v);
          f.danger = danger;
          f.oracleCategory = oc;
          f.oracleSteering = os;
          f.activeCategory = hasActive ? mc : -1;
          f.activeSteering = hasActive ? ms : 0.0;
          boolean hasShadow = shadowSlot[v] >= 0;
          f.shadowCategory = hasShadow ? shCat[v] : -1;
          f.shadowSteering = hasShadow ? shSteer[v] : 0.0;
          f.disagreement = hasShadow ? disagreement[v] : 0.0;
          visitor.visit(f);
        }
        speed[v] = nsp;
        heading[v] = h;
        offset[v] = y;
        SplittableRandom r = rng[v];
        sc.advance(v, dt, dx, r);
        int ncond = sc.condition(v);
        double leadTarget = Oracle.targetSpeed(ncond, 0, sc.curvature(v));
        int c =
            tr.advance(
                v,
                dt,
                dx,
                nsp,
                sc.trafficDensity(v),
                sc.pedestrianMean(v),
                leadTarget,
                Oracle.friction(ncond),
                r);
        if (c > 0) {
          vehCollisions[v] += c;
          collisions[cond] += c;
        }
      }
    }

    private double noisySteering(int v, double oracleSteering, double dt) {
      SplittableRandom r = rng[v];
      double sigma = config.humanSteeringNoise();
      if (sigma > 0) {
        // Ornstein-Uhlenbeck noise, 1 s time constant
        noise[v] = noise[v] * (1 - dt) + sigma * Math.sqrt(2 * dt) * r.nextGaussian();
      }
      double rate = config.humanSlipsPerMinute() / 60.0;
      if (rate > 0 && (slipClock[v] -= dt * rate) <= 0) {
        slipClock[v] = -StrictMath.log(1.0 - r.nextDouble());
        slipLeft[v] = 5 + r.nextInt(11);
        slipCat[v] = (byte) r.nextInt(4);
      }
      double s = oracleSteering + noise[v];
      return s > 1 ? 1 : (s < -1 ? -1 : s);
    }

    /** Runs each model assigned in {@code slotOf} over its lanes; false when no lane has one. */
    private boolean runSlots(byte[] slotOf, int b0, int count, float[][] out) {
      int first = slotOf[b0];
      boolean uniform = true;
      boolean any = first >= 0;
      for (int j = 1; j < count; j++) {
        int s = slotOf[b0 + j];
        if (s != first) {
          uniform = false;
        }
        if (s >= 0) {
          any = true;
        }
      }
      if (!any) {
        return false;
      }
      if (uniform) {
        runners.get(first).forwardBatch(x, count, out);
        return true;
      }
      for (int s = 0; s < runners.size(); s++) {
        int m = 0;
        for (int j = 0; j < count; j++) {
          if (slotOf[b0 + j] == s) {
            lanes[m++] = j;
          }
        }
        if (m == 0) {
          continue;
        }
        for (int f = 0; f < F; f++) {
          float[] src = x[f];
          float[] dst = subX[f];
          for (int i = 0; i < m; i++) {
            dst[i] = src[lanes[i]];
          }
        }
        runners.get(s).forwardBatch(subX, m, subOut);
        for (int o = 0; o < O; o++) {
          float[] src = subOut[o];
          float[] dst = out[o];
          for (int i = 0; i < m; i++) {
            dst[lanes[i]] = src[i];
          }
        }
      }
      return true;
    }

    private double disagreement(float[][] a, float[][] s, int j, int v) {
      double a0 = a[0][j];
      double a1 = a[1][j];
      double a2 = a[2][j];
      double a3 = a[3][j];
      double s0 = s[0][j];
      double s1 = s[1][j];
      double s2 = s[2][j];
      double s3 = s[3][j];
      double ma = Math.max(Math.max(a0, a1), Math.max(a2, a3));
      double ms = Math.max(Math.max(s0, s1), Math.max(s2, s3));
      a0 = StrictMath.exp(a0 - ma);
      a1 = StrictMath.exp(a1 - ma);
      a2 = StrictMath.exp(a2 - ma);
      a3 = StrictMath.exp(a3 - ma);
      s0 = StrictMath.exp(s0 - ms);
      s1 = StrictMath.exp(s1 - ms);
      s2 = StrictMath.exp(s2 - ms);
      s3 = StrictMath.exp(s3 - ms);
      double za = 1.0 / (a0 + a1 + a2 + a3);
      double zs = 1.0 / (s0 + s1 + s2 + s3);
      double tv =
          0.5
              * (Math.abs(a0 * za - s0 * zs)
                  + Math.abs(a1 * za - s1 * zs)
                  + Math.abs(a2 * za - s2 * zs)
                  + Math.abs(a3 * za - s3 * zs));
      double steer = Math.abs(actSteer[v] - shSteer[v]) * 0.5;
      return Math.min(1.0, Math.max(tv, steer));
    }
  }
}
