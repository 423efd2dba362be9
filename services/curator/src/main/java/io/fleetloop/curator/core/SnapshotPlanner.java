package io.fleetloop.curator.core;

import io.fleetloop.dataset.DatasetManifest;
import io.fleetloop.dataset.DatasetManifest.Clip;
import io.fleetloop.world.Conditions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plans snapshots without I/O: which labeled clips are pending for a trigger set, and the
 * cumulative, rebalanced manifest of a new snapshot.
 */
public final class SnapshotPlanner {
  private final Balancer balancer;

  /** A planner weighting clips with {@code balancer}. */
  public SnapshotPlanner(Balancer balancer) {
    this.balancer = balancer;
  }

  /**
   * The labeled clips of {@code triggers} (empty = all) that no snapshot holds, neither by clip id
   * nor by content, with one clip per digest (the smallest clip id), sorted by clip id.
   */
  public static List<LabeledClip> pending(
      Collection<LabeledClip> labeled,
      Set<String> triggers,
      Set<String> snapshottedClipIds,
      Set<String> snapshottedDigests) {
    Map<String, LabeledClip> byDigest = new HashMap<>();
    for (LabeledClip c : labeled) {
      if (!triggers.isEmpty() && !triggers.contains(c.triggerId())) {
        continue;
      }
      if (snapshottedClipIds.contains(c.clipId()) || snapshottedDigests.contains(c.digest())) {
        continue;
      }
      byDigest.merge(c.digest(), c, (a, b) -> a.clipId().compareTo(b.clipId()) <= 0 ? a : b);
    }
    List<LabeledClip> out = new ArrayList<>(byDigest.values());
    out.sort(Comparator.comparing(LabeledClip::clipId));
    return out;
  }

  /** Pending clips per trigger id. */
  public static Map<String, Long> perTrigger(List<LabeledClip> pending) {
    Map<String, Long> out = new TreeMap<>();
    for (LabeledClip c : pending) {
      out.merge(c.triggerId(), 1L, Long::sum);
    }
    return out;
  }

  /**
   * The manifest of a new snapshot: the parent's clips plus {@code pending} (a pending clip whose
   * content the parent already holds is left out), every clip re-weighted over the whole set.
   *
   * @param parent the previous snapshot of the same trigger set, or null
   */
  public DatasetManifest plan(
      DatasetManifest parent, List<LabeledClip> pending, Set<String> triggers, String createdAt) {
    Map<String, Clip> byDigest = new LinkedHashMap<>();
    if (parent != null) {
      for (Clip c : parent.clips()) {
        byDigest.putIfAbsent(c.digest(), c);
      }
    }
    Set<String> ids = new HashSet<>();
    byDigest.values().forEach(c -> ids.add(c.clipId()));
    for (LabeledClip c : pending) {
      if (byDigest.containsKey(c.digest()) || !ids.add(c.clipId())) {
        continue;
      }
      byDigest.put(
          c.digest(),
          new Clip(
              c.clipId(),
              c.digest(),
              c.objectUri(),
              c.deviceId(),
              c.triggerId(),
              c.condition(),
              c.label(),
              c.frames(),
              c.codecVersion(),
              1.0));
    }
    Map<Integer, Long> perIndex = new TreeMap<>();
    for (Clip c : byDigest.values()) {
      perIndex.merge(c.condition(), 1L, Long::sum);
    }
    Map<Integer, Double> weights = balancer.weights(perIndex);
    List<Clip> clips = new ArrayList<>(byDigest.size());
    for (Clip c : byDigest.values()) {
      clips.add(
          new Clip(
              c.clipId(),
              c.digest(),
              c.objectUri(),
              c.deviceId(),
              c.triggerId(),
              c.condition(),
              c.label(),
              c.frames(),
              c.codecVersion(),
              weights.get(c.condition())));
    }
    Map<String, Long> perCondition = new TreeMap<>();
    perIndex.forEach((index, n) -> perCondition.put(conditionLabel(index), n));
    return new DatasetManifest(
        DatasetManifest.SCHEMA,
        createdAt,
        parent == null ? null : parent.id(),
        List.copyOf(triggers),
        clips,
        perCondition);
  }

  /** The label of a condition index, or {@code condition-<i>} when it is out of range. */
  public static String conditionLabel(int index) {
    return index >= 0 && index < Conditions.COUNT ? Conditions.label(index) : "condition-" + index;
  }
}
