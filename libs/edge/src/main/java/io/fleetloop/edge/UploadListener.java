package io.fleetloop.edge;

import io.fleetloop.ingest.grpc.UploadAck;

/** Told about every clip ingest acknowledged; called on an upload thread, keep it quick. */
@FunctionalInterface
public interface UploadListener {

  /** Does nothing. */
  UploadListener NONE = (deviceId, clip, ack) -> {};

  /**
   * Ingest acknowledged {@code clip} of {@code deviceId}; {@code ack.getDuplicate()} is true when
   * an earlier attempt had already been ingested (the acknowledgement of that attempt was lost).
   */
  void acknowledged(String deviceId, QueuedClip clip, UploadAck ack);
}
