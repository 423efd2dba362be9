package io.fleetloop.ingest.lineage;

import io.fleetloop.audit.api.ResourceIds;
import io.fleetloop.audit.api.event.ClipsIngested;
import io.fleetloop.audit.api.event.IngestedClip;
import io.fleetloop.ingest.api.ClipDigests;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects ingested clips and hands them to the audit log as {@code ClipsIngested} events, one per
 * device per flush ({@link ClipsIngested#MAX_CLIPS} at most), every {@code maxClips} clips or
 * {@code maxDelay}, whichever comes first. A flush that fails is kept (up to a bound) and retried
 * with the same batch ids. Lineage is recorded after the device's ack: it never slows or fails an
 * upload.
 */
public final class LineageBatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LineageBatcher.class);
  private static final int MAX_PENDING_BATCHES = 10_000;

  private final LineageSink sink;
  private final int maxClips;
  private final ScheduledExecutorService timer;
  private final Map<String, List<IngestedClip>> pending = new LinkedHashMap<>();
  private final List<ClipsIngested> failed = new ArrayList<>();
  private final AtomicLong recorded = new AtomicLong();
  private int pendingClips;

  /** A batcher that drops lineage (no audit log configured); it says so once. */
  public static LineageBatcher disabled() {
    LOG.info("audit log not configured: ClipsIngested lineage is not recorded");
    return new LineageBatcher(null, Integer.MAX_VALUE, null);
  }

  public LineageBatcher(LineageSink sink, int maxClips, Duration maxDelay) {
    this.sink = sink;
    this.maxClips = Math.min(maxClips, ClipsIngested.MAX_CLIPS);
    if (sink != null && maxDelay != null) {
      timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "ingest-lineage");
                t.setDaemon(true);
                return t;
              });
      timer.scheduleWithFixedDelay(
          this::flushQuietly, maxDelay.toMillis(), maxDelay.toMillis(), TimeUnit.MILLISECONDS);
    } else {
      timer = null;
    }
  }

  /** Records one ingested clip of {@code deviceId}. */
  public void record(String deviceId, IngestedClip clip) {
    if (sink == null) {
      return;
    }
    boolean full;
    synchronized (this) {
      pending.computeIfAbsent(deviceId, d -> new ArrayList<>()).add(clip);
      pendingClips++;
      full = pendingClips >= maxClips;
    }
    if (full) {
      flushQuietly();
    }
  }

  /** Clips handed to the sink so far. */
  public long recordedClips() {
    return recorded.get();
  }

  /** Sends everything pending now; throws when the sink fails (the batch is kept). */
  public synchronized void flush() throws Exception {
    if (sink == null) {
      return;
    }
    List<ClipsIngested> batches = new ArrayList<>(failed);
    failed.clear();
    for (Map.Entry<String, List<IngestedClip>> e : pending.entrySet()) {
      List<IngestedClip> clips = e.getValue();
      for (int i = 0; i < clips.size(); i += ClipsIngested.MAX_CLIPS) {
        List<IngestedClip> part =
            List.copyOf(clips.subList(i, Math.min(clips.size(), i + ClipsIngested.MAX_CLIPS)));
        batches.add(new ClipsIngested(ResourceIds.device(e.getKey()), batchId(part), part));
      }
    }
    pending.clear();
    pendingClips = 0;
    if (batches.isEmpty()) {
      return;
    }
    try {
      sink.append(batches);
      recorded.addAndGet(batches.stream().mapToLong(b -> b.clips().size()).sum());
    } catch (Exception e) {
      failed.addAll(batches.subList(0, Math.min(batches.size(), MAX_PENDING_BATCHES)));
      throw e;
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (Exception e) {
      LOG.warn("lineage flush failed; kept for the next flush: {}", e.toString());
    }
  }

  /** Deterministic: the same clips give the same batch id (and idempotency key). */
  static String batchId(List<IngestedClip> clips) {
    StringBuilder ids = new StringBuilder();
    clips.forEach(c -> ids.append(c.clipId()).append('\n'));
    return "b-"
        + ClipDigests.sha256Hex(ids.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 32);
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
    flushQuietly();
  }
}
