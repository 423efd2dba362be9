package io.fleetloop.curator.store;

import io.fleetloop.curator.core.LabeledClip;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every labeled clip, by clip id and by digest: the in-memory view of the label batches in object
 * storage. Built at start by reading every batch; {@link #refresh()} reads the batches other
 * replicas wrote since. Thread-safe.
 */
public final class LabelIndex {
  private static final Logger LOG = LoggerFactory.getLogger(LabelIndex.class);

  private final CurationStore store;
  private final Set<String> loadedBatches = new HashSet<>();
  private final Map<String, LabeledClip> byClipId = new HashMap<>();
  private final Map<String, String> clipIdByDigest = new HashMap<>();
  private long duplicateRecords;

  /** An empty index over {@code store}; call {@link #refresh()} to load it. */
  public LabelIndex(CurationStore store) {
    this.store = store;
  }

  /** Reads the batches not loaded yet; returns how many clips were new. */
  public int refresh() throws Exception {
    List<String> keys = store.list(CurationStore.LABELS_PREFIX);
    int added = 0;
    for (String key : keys) {
      synchronized (this) {
        if (loadedBatches.contains(key)) {
          continue;
        }
      }
      List<LabeledClip> batch = store.readLabelBatch(key);
      added += add(key, batch);
    }
    if (added > 0) {
      LOG.debug("label index: {} new clips from storage, {} in all", added, size());
    }
    return added;
  }

  /** Adds a batch this process wrote (or read); returns how many clips were new. */
  public synchronized int add(String batchKey, List<LabeledClip> batch) {
    if (!loadedBatches.add(batchKey)) {
      return 0;
    }
    int added = 0;
    for (LabeledClip c : batch) {
      if (byClipId.putIfAbsent(c.clipId(), c) == null) {
        clipIdByDigest.putIfAbsent(c.digest(), c.clipId());
        added++;
      } else {
        duplicateRecords++;
        LOG.warn("clip {} is labeled in more than one batch (second in {})", c.clipId(), batchKey);
      }
    }
    return added;
  }

  /** The labeled clip of {@code clipId}. */
  public synchronized Optional<LabeledClip> byClipId(String clipId) {
    return Optional.ofNullable(byClipId.get(clipId));
  }

  /** The clip id first labeled with content {@code digest}. */
  public synchronized Optional<String> clipIdOfDigest(String digest) {
    return Optional.ofNullable(clipIdByDigest.get(digest));
  }

  /** A copy of every labeled clip. */
  public synchronized List<LabeledClip> all() {
    return new ArrayList<>(byClipId.values());
  }

  /** Number of labeled clips. */
  public synchronized int size() {
    return byClipId.size();
  }

  /** Records found for a clip id already labeled (0 unless two replicas raced). */
  public synchronized long duplicateRecords() {
    return duplicateRecords;
  }
}
