package io.fleetloop.operator.trainingrun;

import io.fleetloop.curator.client.CuratorClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@link Datasets} over the curator's gRPC service (contract B). */
public final class CuratorDatasets implements Datasets, AutoCloseable {

  private final CuratorClient client;
  private final String target;

  private CuratorDatasets(CuratorClient client, String target) {
    this.client = client;
    this.target = target;
  }

  /** A client of the curator at {@code target} ({@code host:port}, plaintext). */
  public static CuratorDatasets connect(String target) {
    return new CuratorDatasets(CuratorClient.connect(target, Duration.ofSeconds(10)), target);
  }

  @Override
  public long pendingSamples(List<String> triggers) {
    try {
      return client.pendingSamples(triggers).getClips();
    } catch (StatusRuntimeException e) {
      throw unavailable("PendingSamples", e);
    }
  }

  @Override
  public Snapshot cutSnapshot(
      List<String> triggers, String requestedBy, long minClips, String idempotencyKey) {
    try {
      var s = client.cutSnapshot(triggers, requestedBy, minClips, idempotencyKey);
      return new Snapshot(s.getId(), s.getManifestUri(), s.getClips());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION) {
        throw new EmptyDatasetException(
            Optional.ofNullable(e.getStatus().getDescription()).orElse("empty dataset"));
      }
      throw unavailable("CutSnapshot", e);
    }
  }

  @Override
  public Optional<String> manifestUri(String id) {
    try {
      return client.getSnapshot(id).map(s -> s.getManifestUri());
    } catch (StatusRuntimeException e) {
      throw unavailable("GetSnapshot", e);
    }
  }

  private UnavailableException unavailable(String call, StatusRuntimeException e) {
    return new UnavailableException(
        "curator at %s: %s failed: %s".formatted(target, call, e.getStatus()), e);
  }

  @Override
  public void close() {
    client.close();
  }
}
