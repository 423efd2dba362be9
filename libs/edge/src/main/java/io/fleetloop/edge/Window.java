package io.fleetloop.edge;

import io.fleetloop.codec.ClipFrames;
import io.fleetloop.trigger.Env;

/**
 * The frames of one firing being collected: the pre-roll and the firing frame copied from the
 * history when the trigger fired, then one frame record appended per frame until the post-roll is
 * complete; unpacked into {@link ClipFrames} when the clip is built. Allocated once per capture,
 * never per frame.
 */
final class Window {
  final TriggerSet.Armed trigger;
  final long day;
  final Env env;
  final int condition;
  final int triggerFrame;
  final int length;
  private final int featureCount;
  private final int stride;
  private final int[] data;
  private int filled;

  /** Opens a window on the latest frame of {@code history} with {@code pre} frames before it. */
  Window(TriggerSet.Armed trigger, FrameHistory history, int pre, long day, Env env) {
    this.trigger = trigger;
    this.day = day;
    this.env = env;
    this.featureCount = history.featureCount;
    this.stride = history.stride;
    this.triggerFrame = pre;
    this.length = pre + 1 + trigger.postRollFrames();
    this.condition = history.condition(history.slotBack(0));
    this.data = new int[length * stride];
    for (int back = pre; back >= 0; back--) {
      append(history, history.slotBack(back));
    }
  }

  /** Copies the frame in {@code slot} of {@code history} as the next frame of the window. */
  void append(FrameHistory h, int slot) {
    System.arraycopy(h.data, slot * stride, data, filled * stride, stride);
    filled++;
  }

  boolean complete() {
    return filled == length;
  }

  private int meta(int frame, int k) {
    return data[frame * stride + featureCount + k];
  }

  private long timestampMs(int frame) {
    return (meta(frame, 4) & 0xffffffffL) | ((long) meta(frame, 5) << 32);
  }

  long startMs() {
    return timestampMs(0);
  }

  long endMs() {
    return timestampMs(filled - 1);
  }

  /** Whether the human took over on any frame of the window. */
  boolean anyTakeover() {
    for (int i = 0; i < filled; i++) {
      if (((meta(i, 2) >>> 24) & ClipFrames.FLAG_TAKEOVER) != 0) {
        return true;
      }
    }
    return false;
  }

  /** The largest shadow disagreement in the window. */
  double maxDisagreement() {
    double max = 0;
    for (int i = 0; i < filled; i++) {
      max = Math.max(max, Float.intBitsToFloat(meta(i, 1)));
    }
    return max;
  }

  /** The frames collected so far as a clip (all of them once {@link #complete()}). */
  ClipFrames toClip(int frameIntervalMs) {
    int n = filled;
    int f = featureCount;
    float[] features = new float[n * f];
    byte[] humanAction = new byte[n];
    float[] humanSteering = new float[n];
    byte[] activeAction = new byte[n];
    byte[] shadowAction = new byte[n];
    byte[] flags = new byte[n];
    float[] disagreement = new float[n];
    for (int i = 0; i < n; i++) {
      int base = i * stride;
      for (int k = 0; k < f; k++) {
        features[i * f + k] = Float.intBitsToFloat(data[base + k]);
      }
      humanSteering[i] = Float.intBitsToFloat(data[base + f]);
      disagreement[i] = Float.intBitsToFloat(data[base + f + 1]);
      int packed = data[base + f + 2];
      humanAction[i] = (byte) packed;
      activeAction[i] = (byte) (packed >>> 8);
      shadowAction[i] = (byte) (packed >>> 16);
      flags[i] = (byte) (packed >>> 24);
    }
    return new ClipFrames(
        f,
        n,
        timestampMs(0),
        frameIntervalMs,
        condition,
        triggerFrame,
        features,
        humanAction,
        humanSteering,
        activeAction,
        shadowAction,
        flags,
        disagreement);
  }
}
