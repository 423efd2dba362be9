package io.fleetloop.curator.store;

import io.fleetloop.dataset.DatasetManifest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The committed snapshots (registry entries in object storage) and their manifests, cached: both
 * are immutable. Thread-safe.
 */
public final class SnapshotRegistry {
  private final CurationStore store;
  private final Map<String, SnapshotEntry> entries = new HashMap<>();
  private final Set<String> loadedKeys = new HashSet<>();
  private final Set<String> snapshottedClipIds = new HashSet<>();
  private final Set<String> snapshottedDigests = new HashSet<>();
  private final Map<String, DatasetManifest> manifests = new HashMap<>();

  /** An empty registry over {@code store}; call {@link #refresh()} to load it. */
  public SnapshotRegistry(CurationStore store) {
    this.store = store;
  }

  /** Reads the entries (and their manifests) not loaded yet. */
  public synchronized void refresh() throws Exception {
    for (String key : store.list(CurationStore.SNAPSHOTS_PREFIX)) {
      if (loadedKeys.contains(key)) {
        continue;
      }
      SnapshotEntry entry = store.readSnapshotEntry(key);
      DatasetManifest manifest =
          store
              .readManifest(entry.id())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "snapshot " + entry.id() + " is registered but its manifest is missing"));
      add(entry, manifest);
      loadedKeys.add(key);
    }
  }

  /** Adds a snapshot this process committed. */
  public synchronized void add(SnapshotEntry entry, DatasetManifest manifest) {
    if (entries.putIfAbsent(entry.id(), entry) == null) {
      manifests.put(entry.id(), manifest);
      for (DatasetManifest.Clip c : manifest.clips()) {
        snapshottedClipIds.add(c.clipId());
        snapshottedDigests.add(c.digest());
      }
    }
    loadedKeys.add(
        CurationStore.SNAPSHOTS_PREFIX + entry.id().substring("sha256:".length()) + ".json");
  }

  /** The snapshot of {@code id}. */
  public synchronized Optional<SnapshotEntry> find(String id) {
    return Optional.ofNullable(entries.get(id));
  }

  /** The snapshot cut with {@code idempotencyKey}. */
  public synchronized Optional<SnapshotEntry> byIdempotencyKey(String idempotencyKey) {
    return entries.values().stream()
        .filter(e -> idempotencyKey.equals(e.idempotencyKey()))
        .findFirst();
  }

  /** The manifest of a known snapshot. */
  public synchronized DatasetManifest manifest(String id) {
    return manifests.get(id);
  }

  /**
   * The latest snapshot of a trigger set: the one no other snapshot of the set names as parent (the
   * latest created, should two replicas have raced).
   */
  public synchronized Optional<SnapshotEntry> head(List<String> triggers) {
    List<SnapshotEntry> same = new ArrayList<>();
    Set<String> parents = new HashSet<>();
    for (SnapshotEntry e : entries.values()) {
      if (e.triggers().equals(triggers)) {
        same.add(e);
        if (e.parent() != null) {
          parents.add(e.parent());
        }
      }
    }
    return same.stream()
        .filter(e -> !parents.contains(e.id()))
        .max(Comparator.comparing(SnapshotEntry::createdAt).thenComparing(SnapshotEntry::id));
  }

  /** Clip ids held by any snapshot. */
  public synchronized Set<String> snapshottedClipIds() {
    return Set.copyOf(snapshottedClipIds);
  }

  /** Payload digests held by any snapshot. */
  public synchronized Set<String> snapshottedDigests() {
    return Set.copyOf(snapshottedDigests);
  }
}
