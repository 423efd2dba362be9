package io.fleetloop.operator.trainingrun;

import java.util.List;
import java.util.Optional;

/**
 * Where a TrainingRun's dataset snapshot comes from: the curator (contract B), seen through the few
 * calls the reconciler makes. The gRPC implementation is {@link CuratorDatasets}; {@link #none()}
 * answers runs that wait for new samples when no curator is configured.
 */
public interface Datasets {

  /** A cut snapshot: its id ({@code sha256:<hex>}) and manifest location. */
  record Snapshot(String id, String manifestUri, long clips) {}

  /** The curator refused to cut: fewer clips than asked for ("empty dataset: ..."). */
  final class EmptyDatasetException extends RuntimeException {
    public EmptyDatasetException(String message) {
      super(message);
    }
  }

  /** The curator cannot be reached or is not configured. */
  final class UnavailableException extends RuntimeException {
    public UnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Labelled clips of {@code triggers} that no snapshot holds yet. */
  long pendingSamples(List<String> triggers);

  /**
   * Cuts (or, with the same {@code idempotencyKey}, finds again) a snapshot of {@code triggers}.
   *
   * @throws EmptyDatasetException when fewer than {@code minClips} clips are pending
   */
  Snapshot cutSnapshot(
      List<String> triggers, String requestedBy, long minClips, String idempotencyKey);

  /** The manifest location of snapshot {@code id}, when the curator knows it. */
  Optional<String> manifestUri(String id);

  /** No curator: nothing pending can be cut; given snapshots are found by the bucket layout. */
  static Datasets none() {
    return new Datasets() {
      @Override
      public long pendingSamples(List<String> triggers) {
        throw new UnavailableException(
            "no curator is configured (FLEETLOOP_CURATOR_ENDPOINT): set dataset.snapshot", null);
      }

      @Override
      public Snapshot cutSnapshot(
          List<String> triggers, String requestedBy, long minClips, String idempotencyKey) {
        throw new UnavailableException(
            "no curator is configured (FLEETLOOP_CURATOR_ENDPOINT): set dataset.snapshot", null);
      }

      @Override
      public Optional<String> manifestUri(String id) {
        return Optional.empty();
      }
    };
  }
}
