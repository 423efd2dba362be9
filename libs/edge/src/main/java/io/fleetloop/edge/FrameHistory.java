package io.fleetloop.edge;

/**
 * The last {@code capacity} frames of a device in one primitive array, one fixed-size record per
 * frame (the policy features, then the labels a clip needs), so that writing a frame touches two
 * adjacent cache lines and allocates nothing. The oldest frame is overwritten. Confined to the
 * agent's frame thread.
 *
 * <p>Record layout, in ints ({@code F} = feature count): {@code [0, F)} the features' float bits;
 * {@code F} the human steering's float bits; {@code F+1} the disagreement's float bits; {@code F+2}
 * human action, active action, shadow action and flags, one byte each; {@code F+3} the condition
 * index; {@code F+4, F+5} the timestamp (low, high).
 */
final class FrameHistory {
  final int capacity;
  final int featureCount;
  final int stride;
  final int[] data;

  /** Scratch the caller fills with the frame's features before {@link #write}. */
  final float[] features;

  private int next;
  private long written;

  FrameHistory(int capacity, int featureCount) {
    this.capacity = capacity;
    this.featureCount = featureCount;
    this.stride = featureCount + 6;
    this.data = new int[capacity * stride];
    this.features = new float[featureCount];
  }

  /** Writes the next frame ({@link #features} and the labels) and returns its slot. */
  int write(
      int humanAction,
      float humanSteering,
      int activeAction,
      int shadowAction,
      int flags,
      float disagreement,
      int condition,
      long timestampMs) {
    int slot = next;
    next = next + 1 == capacity ? 0 : next + 1;
    written++;
    int base = slot * stride;
    int f = featureCount;
    int[] d = data;
    float[] x = features;
    for (int i = 0; i < f; i++) {
      d[base + i] = Float.floatToRawIntBits(x[i]);
    }
    d[base + f] = Float.floatToRawIntBits(humanSteering);
    d[base + f + 1] = Float.floatToRawIntBits(disagreement);
    d[base + f + 2] =
        (humanAction & 0xff)
            | (activeAction & 0xff) << 8
            | (shadowAction & 0xff) << 16
            | (flags & 0xff) << 24;
    d[base + f + 3] = condition;
    d[base + f + 4] = (int) timestampMs;
    d[base + f + 5] = (int) (timestampMs >>> 32);
    return slot;
  }

  /** Frames held: at most {@code capacity}. */
  int held() {
    return (int) Math.min(written, capacity);
  }

  /** The slot of the frame {@code back} frames before the latest one (0 = the latest). */
  int slotBack(int back) {
    int s = next - 1 - back;
    return s < 0 ? s + capacity : s;
  }

  /** The timestamp of the frame in {@code slot}. */
  long timestampMs(int slot) {
    int base = slot * stride + featureCount;
    return (data[base + 4] & 0xffffffffL) | ((long) data[base + 5] << 32);
  }

  /** The condition index of the frame in {@code slot}. */
  int condition(int slot) {
    return data[slot * stride + featureCount + 3];
  }
}
