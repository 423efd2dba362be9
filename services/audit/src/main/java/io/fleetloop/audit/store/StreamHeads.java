package io.fleetloop.audit.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last committed (sequence, stream hash) of recently appended streams, so that an append does
 * not read each continued stream's head back from the table (one index probe per stream, most of
 * the database time of a batch of 500 device events).
 *
 * <p>Safe across replicas: an entry is used only for the event whose sequence directly follows it,
 * and rows are immutable once committed, so the hash it holds is the one stored for that sequence.
 * When another writer moved the stream, the entry's sequence does not match (the head is read from
 * the table) or the insert fails on the stream's (id, sequence) key and the batch is retried.
 * Entries are only added after their transaction committed ({@link #committed}).
 */
public final class StreamHeads {

  private record Head(long sequence, byte[] streamHash) {}

  private final Map<String, Head> heads;

  /** Remembers at most {@code capacity} streams, least recently appended out. */
  public StreamHeads(int capacity) {
    this.heads =
        new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Head> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The stream hash of {@code streamId} at {@code sequence}, or null when not known here. */
  synchronized byte[] at(String streamId, long sequence) {
    Head head = heads.get(streamId);
    return head != null && head.sequence() == sequence ? head.streamHash() : null;
  }

  /** Records the heads of a committed append (receipts in append order). */
  public synchronized void committed(List<AppendReceipt> receipts) {
    for (AppendReceipt r : receipts) {
      Head head = heads.get(r.streamId());
      if (head == null || head.sequence() < r.sequence()) {
        heads.put(r.streamId(), new Head(r.sequence(), r.streamHash()));
      }
    }
  }

  /** Forgets a stream (another writer moved it, or its append conflicted). */
  public synchronized void forget(String streamId) {
    heads.remove(streamId);
  }
}
