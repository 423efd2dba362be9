package io.fleetloop.curator.core;

import java.util.Objects;

/**
 * A clip the curator has read, verified and labeled: one durable record per clip id.
 *
 * @param clipId the device's clip id
 * @param digest {@code sha256:<hex>} of the payload
 * @param objectUri where the payload lies
 * @param deviceId the uploading device
 * @param triggerId the DataTrigger that fired
 * @param condition driving-condition index from the payload
 * @param label label source: takeover, shadow-disagreement or trigger
 * @param frames frames in the payload
 * @param labeledFrames frames on which a human drove or took over (the frames whose human action is
 *     a trustworthy label)
 * @param codecVersion the codec the payload's features are encoded with
 * @param labeledAt ISO-8601 instant of labeling
 */
public record LabeledClip(
    String clipId,
    String digest,
    String objectUri,
    String deviceId,
    String triggerId,
    int condition,
    String label,
    int frames,
    int labeledFrames,
    String codecVersion,
    String labeledAt) {

  /** Checks the identifying fields. */
  public LabeledClip {
    Objects.requireNonNull(clipId, "clipId");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(triggerId, "triggerId");
    Objects.requireNonNull(label, "label");
  }
}
