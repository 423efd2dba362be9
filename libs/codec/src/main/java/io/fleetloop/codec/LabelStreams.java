package io.fleetloop.codec;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The per-frame label streams of clip format 2, each losslessly coded in whichever of two modes is
 * smaller for that clip:
 *
 * <pre>
 *   u8 mode 0 (runs):  varint runs, runs × (varint length ≥ 1, value)   lengths sum to frames
 *   u8 mode 1 (plain): frames × value
 * </pre>
 *
 * A value is a {@code u8} for category and flag streams and the IEEE 754 bits of a {@code float32}
 * (big-endian) for steering and disagreement, so a run is a repeat of the exact same bits and
 * decoding is bit-exact. Labels change rarely between consecutive frames (an action category holds
 * for seconds at 10 Hz, the flags and a missing shadow hold for the whole clip), so most streams
 * cost a few bytes a clip; a stream that changes every frame costs one mode byte more than plain.
 * Varints are unsigned LEB128 of at most 32 bits.
 */
final class LabelStreams {
  static final int RUNS = 0;
  static final int PLAIN = 1;

  private LabelStreams() {}

  static void writeBytes(DataOutputStream out, byte[] values) throws IOException {
    int runs = runs(values.length, (a, b) -> values[a] == values[b]);
    long runBytes = varintLength(runs);
    for (int start = 0, end; start < values.length; start = end) {
      end = runEnd(values.length, start, (a, b) -> values[a] == values[b]);
      runBytes += varintLength(end - start) + 1;
    }
    if (runBytes >= values.length) {
      out.writeByte(PLAIN);
      out.write(values);
      return;
    }
    out.writeByte(RUNS);
    writeVarint(out, runs);
    for (int start = 0, end; start < values.length; start = end) {
      end = runEnd(values.length, start, (a, b) -> values[a] == values[b]);
      writeVarint(out, end - start);
      out.writeByte(values[start]);
    }
  }

  static void writeFloats(DataOutputStream out, float[] values) throws IOException {
    int[] bits = new int[values.length];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    int runs = runs(bits.length, (a, b) -> bits[a] == bits[b]);
    long runBytes = varintLength(runs);
    for (int start = 0, end; start < bits.length; start = end) {
      end = runEnd(bits.length, start, (a, b) -> bits[a] == bits[b]);
      runBytes += varintLength(end - start) + Float.BYTES;
    }
    if (runBytes >= (long) bits.length * Float.BYTES) {
      out.writeByte(PLAIN);
      for (int b : bits) {
        out.writeInt(b);
      }
      return;
    }
    out.writeByte(RUNS);
    writeVarint(out, runs);
    for (int start = 0, end; start < bits.length; start = end) {
      end = runEnd(bits.length, start, (a, b) -> bits[a] == bits[b]);
      writeVarint(out, end - start);
      out.writeInt(bits[start]);
    }
  }

  /**
   * Reads a {@code u8} stream of {@code frames} values.
   *
   * @throws ClipFormatException when the stream is malformed (the message names {@code stream})
   */
  static byte[] readBytes(DataInputStream in, int frames, String stream) throws IOException {
    int mode = in.readUnsignedByte();
    if (mode == PLAIN) {
      return ClipFormat.readBytes(in, frames);
    }
    requireRuns(mode, stream);
    byte[] values = new byte[frames];
    int runs = readRunCount(in, frames, stream);
    int f = 0;
    for (int r = 0; r < runs; r++) {
      int length = readRunLength(in, frames - f, stream);
      java.util.Arrays.fill(values, f, f + length, in.readByte());
      f += length;
    }
    requireCovered(f, frames, stream);
    return values;
  }

  /**
   * Reads a {@code float32} stream of {@code frames} values.
   *
   * @throws ClipFormatException when the stream is malformed (the message names {@code stream})
   */
  static float[] readFloats(DataInputStream in, int frames, String stream) throws IOException {
    int mode = in.readUnsignedByte();
    float[] values = new float[frames];
    if (mode == PLAIN) {
      ClipFormat.require(in, (long) frames * Float.BYTES);
      for (int f = 0; f < frames; f++) {
        values[f] = Float.intBitsToFloat(in.readInt());
      }
      return values;
    }
    requireRuns(mode, stream);
    int runs = readRunCount(in, frames, stream);
    int f = 0;
    for (int r = 0; r < runs; r++) {
      int length = readRunLength(in, frames - f, stream);
      java.util.Arrays.fill(values, f, f + length, Float.intBitsToFloat(in.readInt()));
      f += length;
    }
    requireCovered(f, frames, stream);
    return values;
  }

  /** Unsigned LEB128: 7 bits a byte, low groups first. */
  static void writeVarint(DataOutputStream out, int value) throws IOException {
    int v = value;
    while ((v & ~0x7F) != 0) {
      out.writeByte((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.writeByte(v);
  }

  /**
   * An unsigned LEB128 varint of at most 32 bits (the result is negative when bit 31 is set).
   *
   * @throws ClipFormatException when it runs over 32 bits
   */
  static int readVarint(DataInputStream in) throws IOException {
    int value = 0;
    for (int shift = 0; shift < 28; shift += 7) {
      int b = in.readUnsignedByte();
      value |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    int last = in.readUnsignedByte();
    if (last > 0x0F) {
      throw new ClipFormatException("clip format 2: a varint runs over 32 bits");
    }
    return value | last << 28;
  }

  static int varintLength(int value) {
    int bits = 32 - Integer.numberOfLeadingZeros(value | 1);
    return (bits + 6) / 7;
  }

  /** Whether frames {@code a} and {@code b} hold the same value. */
  private interface Same {
    boolean test(int a, int b);
  }

  private static int runs(int n, Same same) {
    int runs = n == 0 ? 0 : 1;
    for (int i = 1; i < n; i++) {
      if (!same.test(i, i - 1)) {
        runs++;
      }
    }
    return runs;
  }

  private static int runEnd(int n, int start, Same same) {
    int end = start + 1;
    while (end < n && same.test(end, start)) {
      end++;
    }
    return end;
  }

  private static void requireRuns(int mode, String stream) {
    if (mode != RUNS) {
      throw new ClipFormatException(
          "clip format 2: " + stream + " stream has unknown mode " + mode + " (expected 0 or 1)");
    }
  }

  private static int readRunCount(DataInputStream in, int frames, String stream)
      throws IOException {
    int runs = readVarint(in);
    if (runs < 1 || runs > frames) {
      throw new ClipFormatException(
          "clip format 2: " + stream + " declares " + runs + " runs for " + frames + " frames");
    }
    return runs;
  }

  private static int readRunLength(DataInputStream in, int left, String stream) throws IOException {
    int length = readVarint(in);
    if (length < 1 || length > left) {
      throw new ClipFormatException(
          "clip format 2: a "
              + stream
              + " run of "
              + Integer.toUnsignedString(length)
              + " frames does not fit the "
              + left
              + " frames left");
    }
    return length;
  }

  private static void requireCovered(int covered, int frames, String stream) {
    if (covered != frames) {
      throw new ClipFormatException(
          "clip format 2: " + stream + " runs cover " + covered + " of " + frames + " frames");
    }
  }
}
