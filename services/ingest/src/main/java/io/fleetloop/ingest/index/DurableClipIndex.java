package io.fleetloop.ingest.index;

import io.fleetloop.ingest.core.ClipIndex;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.MessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotency index of one replica: {@link ClipIndex} in memory, made durable without a storage
 * request per clip.
 *
 * <ul>
 *   <li>A clip enters the index when its message is durable ({@link #published}); it is then
 *       pending until the next checkpoint.
 *   <li>A checkpoint (every {@code checkpointClips} clips or {@code checkpointInterval}) writes all
 *       pending clips as one segment to object storage, then moves ingest's subscription on the
 *       topic past them.
 *   <li>At start: load every segment and snapshot, replay the subscription's backlog (clips
 *       published after the last checkpoint, e.g. by a replica that was killed), checkpoint them,
 *       and compact the segments into one snapshot when there are many.
 * </ul>
 */
public final class DurableClipIndex implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DurableClipIndex.class);

  /** Checkpoint settings. */
  public record Settings(int checkpointClips, Duration checkpointInterval, int compactAbove) {
    public static Settings defaults() {
      return new Settings(2000, Duration.ofSeconds(1), 64);
    }
  }

  private record Pending(ClipIndex.Entry entry, MessageId id) {}

  private final ClipIndex index = new ClipIndex();
  private final IndexSegments segments;
  private final PublishedLog log;
  private final Settings settings;
  private final ScheduledExecutorService timer;
  private final Object checkpointLock = new Object();
  private List<Pending> pending = new ArrayList<>();
  private long checkpointed;

  private DurableClipIndex(IndexSegments segments, PublishedLog log, Settings settings) {
    this.segments = segments;
    this.log = log;
    this.settings = settings;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ingest-index-checkpoint");
              t.setDaemon(true);
              return t;
            });
  }

  /** Loads segments, replays the subscription's backlog, checkpoints it, compacts if needed. */
  public static DurableClipIndex open(IndexSegments segments, PublishedLog log, Settings settings)
      throws Exception {
    DurableClipIndex d = new DurableClipIndex(segments, log, settings);
    try {
      d.load();
    } catch (Exception e) {
      d.halt();
      throw e;
    }
    long every = settings.checkpointInterval().toMillis();
    d.timer.scheduleWithFixedDelay(d::checkpointQuietly, every, every, TimeUnit.MILLISECONDS);
    return d;
  }

  /** Segments and snapshots, then the subscription's backlog, then a checkpoint or compaction. */
  private void load() throws Exception {
    long started = System.nanoTime();
    List<String> keys = segments.list();
    long loaded = 0;
    for (String key : keys) {
      for (ClipIndex.Entry e : segments.read(key)) {
        index.add(e);
        loaded++;
      }
    }
    MessageId[] lastReplayed = {null};
    int replayed =
        log.replay(
            (entry, id) -> {
              lastReplayed[0] = id;
              if (index.add(entry)) {
                pending.add(new Pending(entry, id));
              }
            },
            Duration.ofSeconds(60));
    if (keys.size() > settings.compactAbove()) {
      compact(keys);
    } else {
      checkpoint();
    }
    if (lastReplayed[0] != null) {
      log.checkpoint(lastReplayed[0]);
    }
    LOG.info(
        "clip index ready: {} clips ({} entries from {} segments, {} messages replayed) in {} ms",
        index.size(),
        loaded,
        keys.size(),
        replayed,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  public ClipIndex index() {
    return index;
  }

  /**
   * Records a clip whose message {@code id} is durable: it enters the index now and the next
   * checkpoint's segment.
   */
  public void published(ClipIndex.Entry entry, MessageId id) {
    index.add(entry);
    boolean full;
    synchronized (this) {
      pending.add(new Pending(entry, id));
      full = pending.size() >= settings.checkpointClips();
    }
    if (full) {
      try {
        timer.execute(this::checkpointQuietly);
      } catch (RejectedExecutionException e) {
        LOG.debug("index closing: clip {} left to the last checkpoint or replay", entry.clipId());
      }
    }
  }

  /** Clips written to segments by this replica so far. */
  public synchronized long checkpointedClips() {
    return checkpointed;
  }

  /** Writes the pending clips as one segment and moves the subscription past them. */
  public void checkpoint() throws Exception {
    synchronized (checkpointLock) {
      List<Pending> batch;
      synchronized (this) {
        if (pending.isEmpty()) {
          return;
        }
        batch = pending;
        pending = new ArrayList<>();
      }
      MessageId last = null;
      List<ClipIndex.Entry> entries = new ArrayList<>(batch.size());
      for (Pending p : batch) {
        entries.add(p.entry());
        if (p.id() != null && (last == null || p.id().compareTo(last) > 0)) {
          last = p.id();
        }
      }
      try {
        String key = segments.write(entries);
        LOG.debug("index checkpoint {}: {} clips", key, entries.size());
      } catch (Exception e) {
        synchronized (this) {
          batch.addAll(pending);
          pending = batch;
        }
        throw e;
      }
      synchronized (this) {
        checkpointed += entries.size();
      }
      if (last != null) {
        log.checkpoint(last);
      }
    }
  }

  private void checkpointQuietly() {
    try {
      checkpoint();
    } catch (Exception e) {
      LOG.warn(
          "index checkpoint failed; the clips stay pending for the next one: {}", e.toString());
    }
  }

  /** Replaces the loaded segments (and what is pending) by one snapshot of the whole index. */
  private void compact(List<String> keys) throws Exception {
    String snapshot = segments.writeSnapshot(index.entries());
    synchronized (this) {
      checkpointed += pending.size();
      pending.clear();
    }
    for (String key : keys) {
      segments.delete(key);
    }
    LOG.info(
        "clip index compacted: {} segments replaced by {} ({} clips)",
        keys.size(),
        snapshot,
        index.size());
  }

  /** Stops the timer, writes the last checkpoint and closes the subscription. */
  @Override
  public void close() throws Exception {
    timer.shutdown();
    timer.awaitTermination(10, TimeUnit.SECONDS);
    try {
      checkpoint();
    } finally {
      log.close();
    }
  }

  /**
   * Stops without a last checkpoint, as a killed process would (pending clips stay only in the
   * subscription's backlog). For crash tests and drills.
   */
  public void halt() throws Exception {
    timer.shutdownNow();
    log.close();
  }
}
