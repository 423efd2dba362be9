package io.fleetloop.edge;

import io.fleetloop.ingest.client.IngestClient;
import java.util.Objects;

/**
 * A captured clip waiting in a device's {@link EdgeOutbox}: the upload (header with clip id, size
 * and sha256; payload) and what the outbox orders by. The clip id is fixed when the clip is built,
 * so every retry uploads under the same id and ingest deduplicates.
 *
 * @param clip what {@link IngestClient} uploads
 * @param trigger the {@link TriggerSet.Armed#index()} of the trigger that captured it
 * @param priority the trigger's priority, 0..100
 * @param sequence the device's capture order (older clips have smaller numbers)
 */
public record QueuedClip(IngestClient.Clip clip, int trigger, int priority, long sequence) {

  public QueuedClip {
    Objects.requireNonNull(clip, "clip");
  }

  /** The clip id (a UUID). */
  public String clipId() {
    return clip.clipId();
  }

  /** Payload size in bytes. */
  public int bytes() {
    return clip.payload().length;
  }
}
