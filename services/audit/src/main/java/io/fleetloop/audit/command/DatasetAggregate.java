package io.fleetloop.audit.command;

import static io.fleetloop.audit.command.EventRejectedException.invalid;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.fleetloop.audit.api.StreamKind;
import io.fleetloop.audit.api.event.DatasetSnapshotCut;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.CreationPolicy;

/**
 * A dataset snapshot: cut once, immutable after. Its lineage is the clip ids or the manifest's
 * content hash (at least one of them).
 */
public class DatasetAggregate extends ResourceAggregate {

  private boolean cut;

  public DatasetAggregate() {}

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  public Decision handle(RecordDatasetEvent cmd) {
    checkVersion(cmd.expectedVersion());
    Check.streamId(cmd.datasetId(), StreamKind.DATASET, "datasetId");
    Check.same(cmd.datasetId(), cmd.event().aggregateId(), "datasetId");
    DatasetSnapshotCut e = (DatasetSnapshotCut) cmd.event();
    if (cut) {
      throw EventRejectedException.precondition("snapshot " + id + " is immutable: already cut");
    }
    if (e.clipCount() < 1) {
      throw invalid("clipCount must be >= 1");
    }
    if (e.clipIds().isEmpty() && e.manifestDigest() == null) {
      throw invalid("a snapshot records its clip ids or its manifest digest");
    }
    if (e.manifestDigest() != null) {
      Check.digest(e.manifestDigest(), "manifestDigest");
    }
    if (!e.clipIds().isEmpty()) {
      if (e.clipIds().size() > DatasetSnapshotCut.MAX_INLINE_CLIPS) {
        throw invalid(
            "more than "
                + DatasetSnapshotCut.MAX_INLINE_CLIPS
                + " clip ids: record the manifest digest instead");
      }
      if (e.clipIds().size() != e.clipCount()) {
        throw invalid(
            "clipCount " + e.clipCount() + " but " + e.clipIds().size() + " clip ids listed");
      }
      Check.unique(e.clipIds(), "clipIds");
    }
    long fromTriggers = 0;
    for (var entry : e.triggerClips().entrySet()) {
      Check.streamId(entry.getKey(), StreamKind.DATATRIGGER, "triggerClips key");
      if (entry.getValue() == null || entry.getValue() < 0) {
        throw invalid("triggerClips." + entry.getKey() + " must be >= 0");
      }
      fromTriggers += entry.getValue();
    }
    if (fromTriggers > e.clipCount()) {
      throw invalid("triggerClips add up to " + fromTriggers + " > clipCount " + e.clipCount());
    }
    apply(e);
    return Decision.APPENDED;
  }

  @EventSourcingHandler
  void on(DatasetSnapshotCut e) {
    id = e.datasetId();
    cut = true;
  }
}
