package io.fleetloop.curator.server;

import io.fleetloop.audit.api.ResourceIds;
import io.fleetloop.audit.api.event.DatasetSnapshotCut;
import io.fleetloop.audit.client.AuditRecorder;
import io.fleetloop.audit.client.Outcome;
import io.fleetloop.audit.client.Recorded;
import io.fleetloop.curator.core.LabeledClip;
import io.fleetloop.curator.core.SnapshotPlanner;
import io.fleetloop.curator.store.CurationStore;
import io.fleetloop.curator.store.LabelIndex;
import io.fleetloop.curator.store.SnapshotEntry;
import io.fleetloop.curator.store.SnapshotRegistry;
import io.fleetloop.dataset.DatasetManifest;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts snapshots: pending labeled clips of a trigger set plus the set's previous snapshot,
 * balanced, written as an immutable manifest, committed by a registry entry, recorded as {@code
 * DatasetSnapshotCut} in the audit log. Cuts in one process are serialized.
 */
public final class Snapshotter {
  private static final Logger LOG = LoggerFactory.getLogger(Snapshotter.class);

  private final CurationStore store;
  private final LabelIndex index;
  private final SnapshotRegistry registry;
  private final SnapshotPlanner planner;
  private final AuditRecorder audit;
  private final Clock clock;

  /** A snapshotter over the given store, index and registry. */
  public Snapshotter(
      CurationStore store,
      LabelIndex index,
      SnapshotRegistry registry,
      SnapshotPlanner planner,
      AuditRecorder audit,
      Clock clock) {
    this.store = store;
    this.index = index;
    this.registry = registry;
    this.planner = planner;
    this.audit = audit;
    this.clock = clock;
  }

  /** Pending clips of {@code triggers} (empty = all), after reading what other replicas wrote. */
  public synchronized List<LabeledClip> pending(Collection<String> triggers) throws Exception {
    index.refresh();
    registry.refresh();
    return SnapshotPlanner.pending(
        index.all(),
        Set.copyOf(triggers),
        registry.snapshottedClipIds(),
        registry.snapshottedDigests());
  }

  /**
   * Cuts (or, for a known idempotency key, returns) a snapshot.
   *
   * @throws EmptyDatasetException when fewer than {@code max(1, minClips)} clips are pending
   */
  public synchronized SnapshotEntry cut(
      Collection<String> triggers, String requestedBy, long minClips, String idempotencyKey)
      throws Exception {
    List<String> set = List.copyOf(new TreeSet<>(triggers));
    List<LabeledClip> pending = pending(set);
    if (idempotencyKey != null && !idempotencyKey.isBlank()) {
      Optional<SnapshotEntry> known = registry.byIdempotencyKey(idempotencyKey);
      if (known.isPresent()) {
        LOG.info(
            "snapshot {} already cut for idempotency key {} ({})",
            known.get().id(),
            idempotencyKey,
            requestedBy);
        record(known.get(), registry.manifest(known.get().id()));
        return known.get();
      }
    }
    long needed = Math.max(1, minClips);
    if (pending.size() < needed) {
      throw new EmptyDatasetException(
          pending.isEmpty()
              ? "empty dataset: no labeled clips for triggers " + set
              : "empty dataset: "
                  + pending.size()
                  + " labeled clips pending for triggers "
                  + set
                  + ", fewer than the "
                  + minClips
                  + " required");
    }
    Optional<SnapshotEntry> head = registry.head(set);
    DatasetManifest parent = head.map(h -> registry.manifest(h.id())).orElse(null);
    DatasetManifest manifest =
        planner.plan(parent, pending, new TreeSet<>(set), clock.instant().toString());
    String uri = store.putManifest(manifest);
    String id = manifest.id();
    SnapshotEntry entry =
        new SnapshotEntry(
            id,
            uri,
            set,
            manifest.parent(),
            idempotencyKey == null ? "" : idempotencyKey,
            requestedBy,
            manifest.createdAt(),
            manifest.clips().size(),
            manifest.totalFrames(),
            manifest.perCondition());
    store.putSnapshotEntry(entry);
    registry.add(entry, manifest);
    LOG.info(
        "cut snapshot {} for {} (triggers {}): {} clips ({} new), parent {}",
        id,
        requestedBy,
        set,
        manifest.clips().size(),
        pending.size(),
        manifest.parent());
    record(entry, manifest);
    return entry;
  }

  private void record(SnapshotEntry entry, DatasetManifest manifest) {
    List<String> clipIds =
        manifest.clips().size() <= DatasetSnapshotCut.MAX_INLINE_CLIPS
            ? manifest.clips().stream().map(DatasetManifest.Clip::clipId).toList()
            : List.of();
    Map<String, Long> perTrigger = new TreeMap<>();
    manifest.clips().forEach(c -> perTrigger.merge(c.triggerId(), 1L, Long::sum));
    Recorded r =
        audit.record(
            new DatasetSnapshotCut(
                ResourceIds.dataset(entry.id()),
                entry.manifestUri(),
                entry.id(),
                manifest.clips().size(),
                clipIds,
                perTrigger),
            "dataset/" + entry.id());
    if (r.outcome() == Outcome.REJECTED) {
      LOG.warn("audit refused DatasetSnapshotCut of {}: {}", entry.id(), r.detail());
    }
  }

  /** A committed snapshot by id. */
  public Optional<SnapshotEntry> find(String id) throws Exception {
    Optional<SnapshotEntry> e = registry.find(id);
    if (e.isPresent()) {
      return e;
    }
    registry.refresh();
    return registry.find(id);
  }
}
