package io.fleetloop.codec;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Clip format 2: the header as varints and the labels as {@link LabelStreams} (run-length or plain,
 * whichever is smaller, bit-exact). The layout is documented on {@link ClipFormat}.
 */
final class ClipFormatV2 {
  static final int VERSION = 2;

  private ClipFormatV2() {}

  static byte[] write(ClipFrames clip, String codecVersion, byte[] block) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + clip.frames() + block.length);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(ClipFormat.MAGIC);
      out.writeByte(VERSION);
      out.writeUTF(codecVersion);
      LabelStreams.writeVarint(out, clip.featureCount());
      LabelStreams.writeVarint(out, clip.frames());
      out.writeLong(clip.startTimestampMs());
      LabelStreams.writeVarint(out, clip.frameIntervalMs());
      LabelStreams.writeVarint(out, zigzag(clip.condition()));
      LabelStreams.writeVarint(out, clip.triggerFrame());
      LabelStreams.writeBytes(out, clip.humanAction());
      LabelStreams.writeBytes(out, clip.activeAction());
      LabelStreams.writeBytes(out, clip.shadowAction());
      LabelStreams.writeBytes(out, clip.flags());
      LabelStreams.writeFloats(out, clip.humanSteering());
      LabelStreams.writeFloats(out, clip.disagreement());
      LabelStreams.writeVarint(out, block.length);
      out.write(block);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Reads what follows the codec version of a format-2 payload. */
  static ClipFrames read(DataInputStream in, FeatureCodec codec) throws IOException {
    int featureCount = LabelStreams.readVarint(in);
    int n = LabelStreams.readVarint(in);
    ClipFormat.checkShape(featureCount, n);
    long start = in.readLong();
    int interval = LabelStreams.readVarint(in);
    int condition = unzigzag(LabelStreams.readVarint(in));
    int triggerFrame = LabelStreams.readVarint(in);
    byte[] humanAction = LabelStreams.readBytes(in, n, "humanAction");
    byte[] activeAction = LabelStreams.readBytes(in, n, "activeAction");
    byte[] shadowAction = LabelStreams.readBytes(in, n, "shadowAction");
    byte[] flags = LabelStreams.readBytes(in, n, "flags");
    float[] humanSteering = LabelStreams.readFloats(in, n, "humanSteering");
    float[] disagreement = LabelStreams.readFloats(in, n, "disagreement");
    byte[] block = ClipFormat.readBlock(in, LabelStreams.readVarint(in));
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

  private static int zigzag(int v) {
    return (v << 1) ^ (v >> 31);
  }

  private static int unzigzag(int u) {
    return (u >>> 1) ^ -(u & 1);
  }
}
