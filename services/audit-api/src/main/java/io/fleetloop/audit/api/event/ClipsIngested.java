package io.fleetloop.audit.api.event;

import java.util.List;

/**
 * The ingest service stored a batch of a device's clips (one event per batch, never per frame).
 *
 * @param deviceId {@code device/<id>}
 * @param batchId the ingest batch id (also a good idempotency key)
 */
public record ClipsIngested(String deviceId, String batchId, List<IngestedClip> clips)
    implements DeviceEvent {

  /** Largest batch one event may carry. */
  public static final int MAX_CLIPS = 1_000;

  public ClipsIngested {
    clips = Lists.copy(clips);
  }

  @Override
  public String aggregateId() {
    return deviceId;
  }
}
