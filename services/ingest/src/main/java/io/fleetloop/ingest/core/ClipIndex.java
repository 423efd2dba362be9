package io.fleetloop.ingest.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory idempotency index: which clip ids are stored and published, for which device and
 * with which sha256. Every upload consults it at the header (no storage request); an entry is added
 * only once the clip's payload is stored and its {@code ClipIngested} message is durable.
 * Durability of the index itself is the job of the {@code index} package (segments in object
 * storage plus the published topic as its write-ahead log).
 */
public final class ClipIndex {

  /** What the index knows about one ingested clip. */
  public record Entry(String clipId, String deviceId, String sha256Hex) {}

  /** How an upload's header relates to the index. */
  public enum Verdict {
    /** Not ingested yet: store and publish. */
    NEW,
    /** Ingested with the same device and content: acknowledge with {@code duplicate=true}. */
    DUPLICATE,
    /** Ingested for another device. */
    OTHER_DEVICE,
    /** Ingested by this device with other content. */
    OTHER_CONTENT
  }

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  /** The entry of an ingested clip id, if any. */
  public Optional<Entry> find(String clipId) {
    return Optional.ofNullable(entries.get(clipId));
  }

  /** Classifies an upload of {@code clipId} by {@code deviceId} with content {@code sha256Hex}. */
  public Verdict check(String clipId, String deviceId, String sha256Hex) {
    Entry e = entries.get(clipId);
    if (e == null) {
      return Verdict.NEW;
    }
    if (!e.deviceId().equals(deviceId)) {
      return Verdict.OTHER_DEVICE;
    }
    return e.sha256Hex().equals(sha256Hex) ? Verdict.DUPLICATE : Verdict.OTHER_CONTENT;
  }

  /**
   * Adds an entry; returns false when the clip id was already known (the first entry stays: a clip
   * id is bound to its first device and content for good).
   */
  public boolean add(Entry entry) {
    return entries.putIfAbsent(entry.clipId(), entry) == null;
  }

  public int size() {
    return entries.size();
  }

  /** A copy of all entries (for a compacted snapshot). */
  public List<Entry> entries() {
    return new ArrayList<>(entries.values());
  }
}
