package io.fleetloop.curator.core;

import io.fleetloop.codec.ClipFrames;
import io.fleetloop.dataset.DatasetManifest.Clip;

/**
 * Decides why a clip is a training sample. The training labels themselves are the per-frame human
 * actions already in the payload; this class names the label <em>source</em>:
 *
 * <ol>
 *   <li>{@code takeover}: any frame has {@link ClipFrames#FLAG_TAKEOVER}, or the upload metadata
 *       says so;
 *   <li>{@code shadow-disagreement}: the metadata's shadow disagreement is at least the threshold,
 *       or a frame's shadow action differs from the human's (where a shadow ran);
 *   <li>{@code trigger}: otherwise (the trigger's condition alone fired).
 * </ol>
 *
 * Pure and thread-safe.
 */
public final class ClipLabeler {
  /** The default shadow-disagreement threshold (the example trigger's). */
  public static final double DEFAULT_THRESHOLD = 0.3;

  private final double threshold;

  /** A labeler with the given metadata shadow-disagreement threshold. */
  public ClipLabeler(double threshold) {
    if (!(threshold >= 0)) {
      throw new IllegalArgumentException("shadow-disagreement threshold must be ≥ 0");
    }
    this.threshold = threshold;
  }

  /**
   * The label source of a clip.
   *
   * @param clip the decoded payload
   * @param metaTakeover {@code metadata.takeover} of the upload
   * @param metaShadowDisagreement {@code metadata.shadow_disagreement} of the upload
   */
  public String label(ClipFrames clip, boolean metaTakeover, double metaShadowDisagreement) {
    if (metaTakeover) {
      return Clip.TAKEOVER;
    }
    for (int f = 0; f < clip.frames(); f++) {
      if (clip.takeover(f)) {
        return Clip.TAKEOVER;
      }
    }
    if (metaShadowDisagreement >= threshold && metaShadowDisagreement > 0) {
      return Clip.SHADOW_DISAGREEMENT;
    }
    byte[] shadow = clip.shadowAction();
    byte[] human = clip.humanAction();
    for (int f = 0; f < clip.frames(); f++) {
      if (shadow[f] != ClipFrames.NO_SHADOW && shadow[f] != human[f]) {
        return Clip.SHADOW_DISAGREEMENT;
      }
    }
    return Clip.TRIGGER;
  }

  /** Frames on which a human drove or took over: their human action is ground truth. */
  public static int labeledFrames(ClipFrames clip) {
    int n = 0;
    for (int f = 0; f < clip.frames(); f++) {
      if (clip.takeover(f) || clip.humanDriving(f)) {
        n++;
      }
    }
    return n;
  }
}
