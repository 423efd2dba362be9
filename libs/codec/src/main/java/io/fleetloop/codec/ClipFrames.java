package io.fleetloop.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a device captured around one trigger firing: the frames of the pre/post-roll window, each
 * with its policy features and the labels the device saw. The human's action is recorded on every
 * frame (shadow mode: the model rides along while a human drives, or the human takes over), so a
 * takeover or a shadow disagreement carries its own ground truth.
 *
 * <p>All per-frame arrays have {@code frames} entries; {@code features} has {@code frames ×
 * featureCount}, frame-major. Arrays are not copied: treat a {@code ClipFrames} as immutable.
 *
 * @param featureCount features per frame ({@code PolicyFeatures.COUNT} for the reference policy)
 * @param frames number of frames in the window
 * @param startTimestampMs {@code frame.timestampMs} of the first frame
 * @param frameIntervalMs milliseconds between frames
 * @param condition the driving-condition index ({@code io.fleetloop.world.Conditions}) when the
 *     trigger fired
 * @param triggerFrame index of the frame on which the trigger fired
 * @param features the policy features, frame-major
 * @param humanAction the human driver's longitudinal category per frame (the label)
 * @param humanSteering the human driver's steering per frame (the label)
 * @param activeAction the active model's category per frame
 * @param shadowAction the shadow candidate's category per frame, {@link #NO_SHADOW} when none ran
 * @param flags per-frame bits: {@link #FLAG_TAKEOVER}, {@link #FLAG_HUMAN_DRIVING}
 * @param disagreement the active/shadow disagreement per frame (0 when no shadow ran)
 */
public record ClipFrames(
    int featureCount,
    int frames,
    long startTimestampMs,
    int frameIntervalMs,
    int condition,
    int triggerFrame,
    float[] features,
    byte[] humanAction,
    float[] humanSteering,
    byte[] activeAction,
    byte[] shadowAction,
    byte[] flags,
    float[] disagreement) {

  /** {@link #shadowAction} of a frame on which no shadow candidate ran. */
  public static final byte NO_SHADOW = -1;

  /** The human took over on this frame. */
  public static final int FLAG_TAKEOVER = 1;

  /** A human (not the model) was driving on this frame. */
  public static final int FLAG_HUMAN_DRIVING = 2;

  /** Largest window a clip may hold. */
  public static final int MAX_FRAMES = 100_000;

  /** Largest feature vector a clip may hold. */
  public static final int MAX_FEATURES = 4_096;

  /** Checks shapes and ranges. */
  public ClipFrames {
    if (featureCount <= 0 || featureCount > MAX_FEATURES) {
      throw new IllegalArgumentException("featureCount must be in 1.." + MAX_FEATURES);
    }
    if (frames <= 0 || frames > MAX_FRAMES) {
      throw new IllegalArgumentException("frames must be in 1.." + MAX_FRAMES);
    }
    if (frameIntervalMs <= 0) {
      throw new IllegalArgumentException("frameIntervalMs must be positive");
    }
    if (triggerFrame < 0 || triggerFrame >= frames) {
      throw new IllegalArgumentException("triggerFrame must be in 0.." + (frames - 1));
    }
    checkShape(Objects.requireNonNull(features, "features").length, frames, featureCount);
    checkLength("humanAction", humanAction.length, frames);
    checkLength("humanSteering", humanSteering.length, frames);
    checkLength("activeAction", activeAction.length, frames);
    checkLength("shadowAction", shadowAction.length, frames);
    checkLength("flags", flags.length, frames);
    checkLength("disagreement", disagreement.length, frames);
  }

  /** The features of frame {@code f} (a copy). */
  public float[] frameFeatures(int f) {
    return Arrays.copyOfRange(features, f * featureCount, (f + 1) * featureCount);
  }

  /** Whether the human took over on frame {@code f}. */
  public boolean takeover(int f) {
    return (flags[f] & FLAG_TAKEOVER) != 0;
  }

  /** Whether a human was driving on frame {@code f}. */
  public boolean humanDriving(int f) {
    return (flags[f] & FLAG_HUMAN_DRIVING) != 0;
  }

  /** The same clip with other features (e.g. decoded ones); labels are shared. */
  public ClipFrames withFeatures(float[] newFeatures) {
    return new ClipFrames(
        featureCount,
        frames,
        startTimestampMs,
        frameIntervalMs,
        condition,
        triggerFrame,
        newFeatures,
        humanAction,
        humanSteering,
        activeAction,
        shadowAction,
        flags,
        disagreement);
  }

  static void checkShape(int length, int frames, int featureCount) {
    if ((long) frames * featureCount != length) {
      throw new IllegalArgumentException(
          "features has " + length + " values, expected " + frames + " × " + featureCount);
    }
  }

  private static void checkLength(String name, int length, int frames) {
    if (length != frames) {
      throw new IllegalArgumentException(name + " has " + length + " entries, expected " + frames);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClipFrames c
        && featureCount == c.featureCount
        && frames == c.frames
        && startTimestampMs == c.startTimestampMs
        && frameIntervalMs == c.frameIntervalMs
        && condition == c.condition
        && triggerFrame == c.triggerFrame
        && Arrays.equals(features, c.features)
        && Arrays.equals(humanAction, c.humanAction)
        && Arrays.equals(humanSteering, c.humanSteering)
        && Arrays.equals(activeAction, c.activeAction)
        && Arrays.equals(shadowAction, c.shadowAction)
        && Arrays.equals(flags, c.flags)
        && Arrays.equals(disagreement, c.disagreement);
  }

  @Override
  public int hashCode() {
    return Objects.hash(frames, startTimestampMs, condition, Arrays.hashCode(features));
  }

  @Override
  public String toString() {
    return "ClipFrames[frames="
        + frames
        + ", featureCount="
        + featureCount
        + ", condition="
        + condition
        + ", triggerFrame="
        + triggerFrame
        + "]";
  }
}
