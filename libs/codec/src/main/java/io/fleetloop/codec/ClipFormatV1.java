package io.fleetloop.codec;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Clip format 1: fixed-width big-endian header and labels stored uncompressed (12 bytes a frame).
 * Still read, and written for the raw baseline that compression ratios are measured against ({@link
 * ClipFormat#writeV1}). The layout is documented on {@link ClipFormat}.
 */
final class ClipFormatV1 {
  static final int VERSION = 1;

  private ClipFormatV1() {}

  static byte[] write(ClipFrames clip, String codecVersion, byte[] block) {
    int n = clip.frames();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + n * 12 + block.length);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(ClipFormat.MAGIC);
      out.writeByte(VERSION);
      out.writeUTF(codecVersion);
      out.writeInt(clip.featureCount());
      out.writeInt(n);
      out.writeLong(clip.startTimestampMs());
      out.writeInt(clip.frameIntervalMs());
      out.writeInt(clip.condition());
      out.writeInt(clip.triggerFrame());
      out.write(clip.humanAction());
      for (float s : clip.humanSteering()) {
        out.writeFloat(s);
      }
      out.write(clip.activeAction());
      out.write(clip.shadowAction());
      out.write(clip.flags());
      for (float d : clip.disagreement()) {
        out.writeFloat(d);
      }
      out.writeInt(block.length);
      out.write(block);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Reads what follows the codec version of a format-1 payload. */
  static ClipFrames read(DataInputStream in, FeatureCodec codec) throws IOException {
    int featureCount = in.readInt();
    int n = in.readInt();
    ClipFormat.checkShape(featureCount, n);
    long start = in.readLong();
    int interval = in.readInt();
    int condition = in.readInt();
    int triggerFrame = in.readInt();
    byte[] humanAction = ClipFormat.readBytes(in, n);
    float[] humanSteering = readFloats(in, n);
    byte[] activeAction = ClipFormat.readBytes(in, n);
    byte[] shadowAction = ClipFormat.readBytes(in, n);
    byte[] flags = ClipFormat.readBytes(in, n);
    float[] disagreement = readFloats(in, n);
    byte[] block = ClipFormat.readBlock(in, in.readInt());
    return ClipFormat.assemble(
        codec,
        block,
        featureCount,
        n,
        start,
        interval,
        condition,
        triggerFrame,
        new ClipFormat.Labels(
            humanAction, humanSteering, activeAction, shadowAction, flags, disagreement));
  }

  private static float[] readFloats(DataInputStream in, int n) throws IOException {
    ClipFormat.require(in, (long) n * Float.BYTES);
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = in.readFloat();
    }
    return f;
  }
}
