package io.fleetloop.curator.client;

import io.fleetloop.curator.grpc.CuratorGrpc;
import io.fleetloop.curator.grpc.CutSnapshotRequest;
import io.fleetloop.curator.grpc.GetSnapshotRequest;
import io.fleetloop.curator.grpc.PendingSamplesRequest;
import io.fleetloop.curator.grpc.PendingSamplesResponse;
import io.fleetloop.curator.grpc.Snapshot;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A blocking client of the curator's gRPC service (docs/curation.md), as the TrainingRun reconciler
 * uses it. gRPC errors surface as {@link StatusRuntimeException}: {@code FAILED_PRECONDITION} with
 * a message starting "empty dataset:" when a snapshot would hold too few clips.
 */
public final class CuratorClient implements AutoCloseable {
  private final ManagedChannel channel;
  private final boolean ownsChannel;
  private final Duration deadline;

  private CuratorClient(ManagedChannel channel, boolean ownsChannel, Duration deadline) {
    this.channel = channel;
    this.ownsChannel = ownsChannel;
    this.deadline = deadline;
  }

  /** A client over a plaintext channel to {@code target} ({@code host:port}). */
  public static CuratorClient connect(String target, Duration deadline) {
    return new CuratorClient(
        ManagedChannelBuilder.forTarget(target).usePlaintext().build(), true, deadline);
  }

  /** A client over a channel the caller owns (and closes). */
  public static CuratorClient over(ManagedChannel channel, Duration deadline) {
    return new CuratorClient(channel, false, deadline);
  }

  private CuratorGrpc.CuratorBlockingStub stub() {
    return CuratorGrpc.newBlockingStub(channel)
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Labeled clips of {@code triggers} (empty = all) that no snapshot holds yet. */
  public PendingSamplesResponse pendingSamples(Collection<String> triggers) {
    return stub()
        .pendingSamples(PendingSamplesRequest.newBuilder().addAllTriggers(triggers).build());
  }

  /**
   * Cuts a cumulative snapshot of {@code triggers} (empty = all).
   *
   * @param requestedBy who asks, e.g. {@code trainingrun/<ns>/<name>}
   * @param minClips refuse (FAILED_PRECONDITION) when fewer new clips are pending
   * @param idempotencyKey the same key answers the same snapshot
   */
  public Snapshot cutSnapshot(
      List<String> triggers, String requestedBy, long minClips, String idempotencyKey) {
    return stub()
        .cutSnapshot(
            CutSnapshotRequest.newBuilder()
                .addAllTriggers(triggers)
                .setRequestedBy(requestedBy)
                .setMinClips(minClips)
                .setIdempotencyKey(idempotencyKey)
                .build());
  }

  /** The snapshot {@code id}, or empty when the curator does not know it. */
  public Optional<Snapshot> getSnapshot(String id) {
    try {
      return Optional.of(stub().getSnapshot(GetSnapshotRequest.newBuilder().setId(id).build()));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public void close() {
    if (ownsChannel) {
      channel.shutdown();
      try {
        if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
          channel.shutdownNow();
        }
      } catch (InterruptedException e) {
        channel.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
