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
 * {@code maxDelay}, whichever comes first. A flush is split into appends of at most {@link
 * #MAX_EVENTS_PER_APPEND} events (the audit service's limit), so a backlog after an outage goes out
 * in several appends. An append that fails is kept with everything after it (up to a bound) and
 * retried with the same batch ids. Lineage is recorded after the device's ack: it never slows or
 * fails an upload.
 */
public final class LineageBatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LineageBatcher.class);
  private static final int MAX_PENDING_BATCHES = 100_000;

  /** The audit service's limit of events per {@code AppendBatch} call. */
  public static final int MAX_EVENTS_PER_APPEND = 10_000;

  private final LineageSink sink;
  private final int maxClips;
  private final int maxEventsPerAppend;
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
    this(sink, maxClips, maxDelay, MAX_EVENTS_PER_APPEND);
  }

  /**
   * A batcher whose appends carry at most {@code maxEventsPerAppend} events (capped at {@link
   * #MAX_EVENTS_PER_APPEND}).
   */
  public LineageBatcher(LineageSink sink, int maxClips, Duration maxDelay, int maxEventsPerAppend) {
    if (maxEventsPerAppend < 1) {
      throw new IllegalArgumentException("maxEventsPerAppend must be at least 1");
    }
    this.sink = sink;
    this.maxEventsPerAppend = Math.min(maxEventsPerAppend, MAX_EVENTS_PER_APPEND);
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

  /**
   * Records one ingested clip of {@code deviceId}; never blocks on the sink when the batcher has a
   * timer (the size-triggered flush runs on the batcher's thread).
   */
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
      if (timer == null) {
        flushQuietly();
      } else {
        // on the batcher's own thread: the caller (an upload's completion) never waits for audit
        try {
          timer.execute(this::flushQuietly);
        } catch (java.util.concurrent.RejectedExecutionException e) {
          LOG.debug("lineage batcher closed; pending clips go with its last flush");
        }
      }
    }
  }

  /** Clips handed to the sink so far. */
  public long recordedClips() {
    return recorded.get();
  }

  /**
   * Sends everything pending now (earlier failed batches first), in appends of at most {@link
   * #MAX_EVENTS_PER_APPEND} events; throws when the sink fails: the failed append and every later
   * one are kept for the next flush, the appends before it are done.
   */
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
    for (int from = 0; from < batches.size(); from += maxEventsPerAppend) {
      List<ClipsIngested> chunk =
          batches.subList(from, Math.min(batches.size(), from + maxEventsPerAppend));
      try {
        sink.append(List.copyOf(chunk));
      } catch (Exception e) {
        keep(batches.subList(from, batches.size()));
        throw e;
      }
      recorded.addAndGet(chunk.stream().mapToLong(b -> b.clips().size()).sum());
    }
  }

  /** Keeps unsent batches for the next flush, the oldest first, up to a bound. */
  private void keep(List<ClipsIngested> unsent) {
    int kept = Math.min(unsent.size(), MAX_PENDING_BATCHES);
    failed.addAll(unsent.subList(0, kept));
    if (kept < unsent.size()) {
      long dropped =
          unsent.subList(kept, unsent.size()).stream().mapToLong(b -> b.clips().size()).sum();
      LOG.error(
          "lineage backlog over {} events: the lineage of {} clips is dropped (the clips are"
              + " stored and published)",
          MAX_PENDING_BATCHES,
          dropped);
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

  /** Stops without flushing, as a killed process would: pending lineage is lost. */
  public void abandon() {
    if (timer != null) {
      timer.shutdownNow();
    }
    synchronized (this) {
      pending.clear();
      failed.clear();
      pendingClips = 0;
    }
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
    flushQuietly();
  }
}
