package io.fleetloop.edge;

import java.util.ArrayList;
import java.util.List;

/**
 * A device's store-and-forward outbox, bounded in clips and bytes, with upload order and drop order
 * by priority. Thread-safe: the frame loop offers clips, an upload thread takes and settles them.
 *
 * <ul>
 *   <li><b>Upload order</b> ({@link #next()}): highest priority first, oldest first within a
 *       priority. One clip is in flight at a time.
 *   <li><b>Drop order</b> ({@link #offer}): when a new clip does not fit, held clips are evicted
 *       lowest priority first, oldest first within a priority, but only clips whose priority is at
 *       most the new clip's; if that does not make room, the new clip itself is dropped and nothing
 *       is evicted. The clip in flight is never evicted. Every drop is counted against the trigger
 *       of the dropped clip.
 *   <li><b>Nothing acknowledged is lost</b>: a clip leaves only when ingest acknowledged it ({@link
 *       #acknowledged}), refused it for good ({@link #refused}), or it was dropped for room; after
 *       a transient failure it stays ({@link #retryLater}).
 * </ul>
 */
public final class EdgeOutbox {

  private final OutboxLimits limits;
  private final List<QueuedClip> held = new ArrayList<>();
  private long[] queued;
  private long[] dropped;
  private long[] uploadedClips;
  private long[] uploadedBytes;
  private long[] refusedClips;
  private QueuedClip inFlight;
  private long bytes;

  /** An empty outbox for a set of {@code triggers} triggers. */
  public EdgeOutbox(OutboxLimits limits, int triggers) {
    this.limits = limits;
    this.queued = new long[triggers];
    this.dropped = new long[triggers];
    this.uploadedClips = new long[triggers];
    this.uploadedBytes = new long[triggers];
    this.refusedClips = new long[triggers];
  }

  /**
   * Makes room for the tallies of {@code triggers} trigger slots (a trigger set that grew at run
   * time); tallies already counted stay. Never shrinks.
   */
  synchronized void ensureTriggers(int triggers) {
    if (triggers <= queued.length) {
      return;
    }
    queued = java.util.Arrays.copyOf(queued, triggers);
    dropped = java.util.Arrays.copyOf(dropped, triggers);
    uploadedClips = java.util.Arrays.copyOf(uploadedClips, triggers);
    uploadedBytes = java.util.Arrays.copyOf(uploadedBytes, triggers);
    refusedClips = java.util.Arrays.copyOf(refusedClips, triggers);
  }

  public OutboxLimits limits() {
    return limits;
  }

  /**
   * Holds {@code clip}, evicting lower-or-equal-priority clips when needed (see the class comment).
   *
   * @return whether the clip was kept
   */
  public synchronized boolean offer(QueuedClip clip) {
    int size = clip.bytes();
    if (size > limits.maxBytes()) {
      dropped[clip.trigger()]++;
      return false;
    }
    List<QueuedClip> victims = new ArrayList<>();
    int clips = held.size() + 1;
    long total = bytes + size;
    while (clips > limits.maxClips() || total > limits.maxBytes()) {
      QueuedClip victim = lowest(victims);
      if (victim == null || victim.priority() > clip.priority()) {
        dropped[clip.trigger()]++;
        return false;
      }
      victims.add(victim);
      clips--;
      total -= victim.bytes();
    }
    for (QueuedClip v : victims) {
      held.remove(v);
      bytes -= v.bytes();
      dropped[v.trigger()]++;
    }
    held.add(clip);
    bytes += size;
    queued[clip.trigger()]++;
    return true;
  }

  /** The lowest-priority, oldest held clip that is neither in flight nor in {@code excluded}. */
  private QueuedClip lowest(List<QueuedClip> excluded) {
    QueuedClip best = null;
    for (QueuedClip c : held) {
      if (c == inFlight || excluded.contains(c)) {
        continue;
      }
      if (best == null
          || c.priority() < best.priority()
          || (c.priority() == best.priority() && c.sequence() < best.sequence())) {
        best = c;
      }
    }
    return best;
  }

  /**
   * The next clip to upload (highest priority, then oldest), now in flight; {@code null} when the
   * outbox is empty or a clip is already in flight.
   */
  public synchronized QueuedClip next() {
    if (inFlight != null) {
      return null;
    }
    QueuedClip best = null;
    for (QueuedClip c : held) {
      if (best == null
          || c.priority() > best.priority()
          || (c.priority() == best.priority() && c.sequence() < best.sequence())) {
        best = c;
      }
    }
    inFlight = best;
    return best;
  }

  /** Ingest acknowledged the clip in flight: it leaves the outbox and counts as uploaded. */
  public synchronized void acknowledged(QueuedClip clip) {
    settle(clip);
    uploadedClips[clip.trigger()]++;
    uploadedBytes[clip.trigger()] += clip.bytes();
  }

  /** Ingest refused the clip in flight for good (not retryable): it leaves, counted as refused. */
  public synchronized void refused(QueuedClip clip) {
    settle(clip);
    refusedClips[clip.trigger()]++;
  }

  /** The upload of the clip in flight failed transiently: it stays for a later attempt. */
  public synchronized void retryLater(QueuedClip clip) {
    requireInFlight(clip);
    inFlight = null;
  }

  private void settle(QueuedClip clip) {
    requireInFlight(clip);
    inFlight = null;
    held.remove(clip);
    bytes -= clip.bytes();
  }

  private void requireInFlight(QueuedClip clip) {
    if (clip == null || clip != inFlight) {
      throw new IllegalStateException(
          "clip " + (clip == null ? null : clip.clipId()) + " is not the outbox's clip in flight");
    }
  }

  /** Clips held (including the one in flight). */
  public synchronized int size() {
    return held.size();
  }

  /** Payload bytes held. */
  public synchronized long bytes() {
    return bytes;
  }

  /** Whether nothing is held. */
  public synchronized boolean isEmpty() {
    return held.isEmpty();
  }

  /** The ids of the held clips, in upload order; for reports and tests. */
  public synchronized List<String> heldClipIds() {
    List<QueuedClip> order = new ArrayList<>(held);
    order.sort(
        (a, b) ->
            a.priority() != b.priority()
                ? Integer.compare(b.priority(), a.priority())
                : Long.compare(a.sequence(), b.sequence()));
    return order.stream().map(QueuedClip::clipId).toList();
  }

  /** Adds this outbox's per-trigger tallies into {@code into} (indexed by trigger). */
  synchronized void addTallies(long[][] into) {
    for (int t = 0; t < queued.length && t < into.length; t++) {
      into[t][0] += queued[t];
      into[t][1] += dropped[t];
      into[t][2] += uploadedClips[t];
      into[t][3] += uploadedBytes[t];
      into[t][4] += refusedClips[t];
    }
  }
}
