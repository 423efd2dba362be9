package io.fleetloop.audit.api.event;

import java.util.List;
import java.util.Map;

/**
 * The curator cut an immutable dataset snapshot. Lineage back to the clips is either explicit
 * ({@code clipIds}, for snapshots up to {@link #MAX_INLINE_CLIPS} clips) or by the manifest's
 * content hash (the manifest in object storage lists the clips; its digest proves which).
 *
 * @param datasetId {@code dataset/<snapshot>}
 * @param manifestUri where the manifest lies, e.g. {@code s3://datasets/policy/2026-11-21.json}
 * @param manifestDigest {@code sha256:<hex>} of the manifest bytes
 * @param clipCount number of clips in the snapshot
 * @param clipIds the clip ids, or empty when only the manifest digest is recorded
 * @param triggerClips clips per DataTrigger id that fired them
 */
public record DatasetSnapshotCut(
    String datasetId,
    String manifestUri,
    String manifestDigest,
    long clipCount,
    List<String> clipIds,
    Map<String, Long> triggerClips)
    implements DatasetEvent {

  /** Above this many clips, record the manifest digest instead of the ids. */
  public static final int MAX_INLINE_CLIPS = 100_000;

  public DatasetSnapshotCut {
    clipIds = Lists.copy(clipIds);
    triggerClips = Lists.copy(triggerClips);
  }

  @Override
  public String aggregateId() {
    return datasetId;
  }
}
