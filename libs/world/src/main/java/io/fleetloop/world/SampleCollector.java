package io.fleetloop.world;

import io.fleetloop.world.model.Dataset;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * A {@link FrameVisitor} that turns frames into labelled policy samples: the frame's {@link
 * PolicyFeatures} as input and the oracle's action as target ({@link PolicyLoss} layout: category,
 * steering, steering weight), tagged with the frame's condition.
 *
 * <p>A frame is kept when {@code (tick + vehicle) % stride == 0} and {@code filter} accepts it. The
 * {@link #dataset()} is ordered by (tick, vehicle), so it does not depend on the thread count
 * (fewer than 2^24 vehicles). Workers collect into their own buffers; no locking in the frame path.
 */
public final class SampleCollector implements FrameVisitor {
  private final Predicate<FrameView> filter;
  private final int stride;
  private final InterventionRule rule;
  private final int limit;
  private final Buffer[] buffers;

  /**
   * @param workers the simulator's {@link FleetSimulator#threads()}
   * @param filter which frames to keep
   * @param stride keep one frame in {@code stride} per vehicle (1 = every frame)
   * @param limit stop collecting after about this many samples per worker
   */
  public SampleCollector(
      int workers, Predicate<FrameView> filter, int stride, InterventionRule rule, int limit) {
    if (stride < 1 || workers < 1 || limit < 1) {
      throw new IllegalArgumentException("workers, stride and limit must be positive");
    }
    this.filter = filter;
    this.stride = stride;
    this.rule = rule;
    this.limit = limit;
    this.buffers = new Buffer[workers];
    for (int i = 0; i < workers; i++) {
      buffers[i] = new Buffer();
    }
  }

  /** Collects from {@code sim}'s frames: see the main constructor. */
  public static SampleCollector forSimulator(
      FleetSimulator sim, Predicate<FrameView> filter, int stride, int limitPerWorker) {
    return new SampleCollector(
        sim.threads(), filter, stride, sim.config().interventionRule(), limitPerWorker);
  }

  @Override
  public void visit(FrameView f) {
    if ((f.tick() + f.vehicle()) % stride != 0) {
      return;
    }
    Buffer b = buffers[f.worker()];
    if (b.size >= limit || !filter.test(f)) {
      return;
    }
    b.add(f, rule);
  }

  /** Samples collected so far. */
  public int size() {
    int s = 0;
    for (Buffer b : buffers) {
      s += b.size;
    }
    return s;
  }

  /** The collected samples, ordered by (tick, vehicle). */
  public Dataset dataset() {
    int total = size();
    long[] sorted = new long[total];
    int k = 0;
    for (Buffer b : buffers) {
      System.arraycopy(b.keys, 0, sorted, k, b.size);
      k += b.size;
    }
    Arrays.sort(sorted);
    // (tick, vehicle) keys are unique, so a sample's rank is where its key sits in the sorted keys
    int[] bufferOf = new int[total];
    int[] indexOf = new int[total];
    for (int w = 0; w < buffers.length; w++) {
      Buffer b = buffers[w];
      for (int i = 0; i < b.size; i++) {
        int rank = Arrays.binarySearch(sorted, b.keys[i]);
        bufferOf[rank] = w;
        indexOf[rank] = i;
      }
    }
    Dataset.Builder out = Dataset.builder(PolicyFeatures.COUNT, PolicyLoss.TARGET_WIDTH);
    for (int r = 0; r < total; r++) {
      Buffer b = buffers[bufferOf[r]];
      int s = indexOf[r];
      out.add(b.x, s * PolicyFeatures.COUNT, b.y, s * PolicyLoss.TARGET_WIDTH, b.tags[s]);
    }
    return out.build();
  }

  private static final class Buffer {
    float[] x = new float[PolicyFeatures.COUNT * 1024];
    float[] y = new float[PolicyLoss.TARGET_WIDTH * 1024];
    int[] tags = new int[1024];
    long[] keys = new long[1024];
    int size;

    void add(FrameView f, InterventionRule rule) {
      if (size == tags.length) {
        int cap = size * 2;
        x = Arrays.copyOf(x, cap * PolicyFeatures.COUNT);
        y = Arrays.copyOf(y, cap * PolicyLoss.TARGET_WIDTH);
        tags = Arrays.copyOf(tags, cap);
        keys = Arrays.copyOf(keys, cap);
      }
      f.features(x, size * PolicyFeatures.COUNT);
      int t = size * PolicyLoss.TARGET_WIDTH;
      y[t] = f.oracleCategory();
      y[t + 1] = (float) f.oracleSteering();
      y[t + 2] = PolicyLoss.steeringWeight(f.speedMps(), rule);
      tags[size] = f.condition();
      keys[size] = (f.tick() << 24) | f.vehicle();
      size++;
    }
  }
}
