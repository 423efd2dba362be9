package io.fleetloop.curator.server;

import io.fleetloop.curator.core.LabeledClip;
import io.fleetloop.curator.core.SnapshotPlanner;
import io.fleetloop.curator.grpc.CuratorGrpc;
import io.fleetloop.curator.grpc.CutSnapshotRequest;
import io.fleetloop.curator.grpc.GetSnapshotRequest;
import io.fleetloop.curator.grpc.PendingSamplesRequest;
import io.fleetloop.curator.grpc.PendingSamplesResponse;
import io.fleetloop.curator.grpc.Snapshot;
import io.fleetloop.curator.store.SnapshotEntry;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The curator's gRPC service (contract B, docs/curation.md). */
final class CuratorService extends CuratorGrpc.CuratorImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(CuratorService.class);

  private final Snapshotter snapshots;

  CuratorService(Snapshotter snapshots) {
    this.snapshots = snapshots;
  }

  @Override
  public void pendingSamples(
      PendingSamplesRequest request, StreamObserver<PendingSamplesResponse> response) {
    try {
      List<LabeledClip> pending = snapshots.pending(request.getTriggersList());
      response.onNext(
          PendingSamplesResponse.newBuilder()
              .setClips(pending.size())
              .putAllPerTrigger(SnapshotPlanner.perTrigger(pending))
              .build());
      response.onCompleted();
    } catch (Exception e) {
      fail(response, "pending samples", e);
    }
  }

  @Override
  public void cutSnapshot(CutSnapshotRequest request, StreamObserver<Snapshot> response) {
    if (request.getMinClips() < 0) {
      response.onError(
          Status.INVALID_ARGUMENT.withDescription("min_clips must be ≥ 0").asRuntimeException());
      return;
    }
    try {
      SnapshotEntry entry =
          snapshots.cut(
              request.getTriggersList(),
              request.getRequestedBy(),
              request.getMinClips(),
              request.getIdempotencyKey());
      response.onNext(toProto(entry));
      response.onCompleted();
    } catch (EmptyDatasetException e) {
      LOG.info("cut for {} refused: {}", request.getRequestedBy(), e.getMessage());
      response.onError(
          Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
    } catch (Exception e) {
      fail(response, "cut snapshot for " + request.getRequestedBy(), e);
    }
  }

  @Override
  public void getSnapshot(GetSnapshotRequest request, StreamObserver<Snapshot> response) {
    try {
      var entry = snapshots.find(request.getId());
      if (entry.isEmpty()) {
        response.onError(
            Status.NOT_FOUND
                .withDescription("no dataset snapshot " + request.getId())
                .asRuntimeException());
        return;
      }
      response.onNext(toProto(entry.get()));
      response.onCompleted();
    } catch (Exception e) {
      fail(response, "get snapshot " + request.getId(), e);
    }
  }

  static Snapshot toProto(SnapshotEntry e) {
    return Snapshot.newBuilder()
        .setId(e.id())
        .setManifestUri(e.manifestUri())
        .setClips(e.clips())
        .setFrames(e.frames())
        .putAllPerCondition(e.perCondition())
        .setParent(e.parent() == null ? "" : e.parent())
        .build();
  }

  private static void fail(StreamObserver<?> response, String what, Exception e) {
    LOG.warn("{} failed", what, e);
    response.onError(
        Status.UNAVAILABLE
            .withDescription(what + " failed: " + e.getMessage())
            .withCause(e)
            .asRuntimeException());
  }
}
