package io.fleetloop.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of an uploaded clip (format 1), documented in {@code docs/ingest.md}. Big-endian:
 *
 * <pre>
 *   4  magic "FLCP"
 *   1  format version (1)
 *   2+ codec version (modified UTF-8, length-prefixed)
 *   4  featureCount     4  frames
 *   8  startTimestampMs 4  frameIntervalMs
 *   4  condition        4  triggerFrame
 *   frames × 1  humanAction      frames × 4  humanSteering (float32)
 *   frames × 1  activeAction     frames × 1  shadowAction
 *   frames × 1  flags            frames × 4  disagreement (float32)
 *   4  feature block length, then the block as the codec encoded it
 * </pre>
 *
 * Labels travel uncompressed (7 bytes a frame is small next to the features, and the trainer needs
 * them exact); the feature block is what the learned codec shrinks.
 */
public final class ClipFormat {
  /** The first four bytes of every clip. */
  public static final byte[] MAGIC = "FLCP".getBytes(StandardCharsets.US_ASCII);

  /** The format version this class writes. */
  public static final int VERSION = 1;

  private ClipFormat() {}

  /** Serializes {@code clip}, encoding its features with {@code codec}. */
  public static byte[] write(ClipFrames clip, FeatureCodec codec) {
    byte[] block = codec.encode(clip.features(), clip.frames(), clip.featureCount());
    int n = clip.frames();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + n * 12 + block.length);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeByte(VERSION);
      out.writeUTF(codec.version());
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

  /** The codec version a clip names, without decoding it. */
  public static String codecVersion(byte[] payload) {
    try (DataInputStream in = open(payload)) {
      return in.readUTF();
    } catch (IOException e) {
      throw truncated(e);
    }
  }

  /**
   * Reads a clip and decodes its features with the codec it names.
   *
   * @throws ClipFormatException when the payload is truncated, malformed or names an unknown codec
   */
  public static ClipFrames read(byte[] payload, CodecResolver codecs) {
    try (DataInputStream in = open(payload)) {
      FeatureCodec codec = codecs.require(in.readUTF());
      int featureCount = in.readInt();
      int n = in.readInt();
      if (featureCount <= 0 || featureCount > ClipFrames.MAX_FEATURES) {
        throw new ClipFormatException("clip declares " + featureCount + " features per frame");
      }
      if (n <= 0 || n > ClipFrames.MAX_FRAMES) {
        throw new ClipFormatException("clip declares " + n + " frames");
      }
      long start = in.readLong();
      int interval = in.readInt();
      int condition = in.readInt();
      int triggerFrame = in.readInt();
      byte[] humanAction = readBytes(in, n);
      float[] humanSteering = readFloats(in, n);
      byte[] activeAction = readBytes(in, n);
      byte[] shadowAction = readBytes(in, n);
      byte[] flags = readBytes(in, n);
      float[] disagreement = readFloats(in, n);
      int blockLength = in.readInt();
      if (blockLength < 0 || blockLength > in.available()) {
        throw new ClipFormatException(
            "feature block declares " + blockLength + " bytes, " + in.available() + " remain");
      }
      byte[] block = readBytes(in, blockLength);
      if (in.available() > 0) {
        throw new ClipFormatException(in.available() + " unexpected bytes after the feature block");
      }
      float[] features = codec.decode(block, n, featureCount);
      try {
        return new ClipFrames(
            featureCount,
            n,
            start,
            interval,
            condition,
            triggerFrame,
            features,
            humanAction,
            humanSteering,
            activeAction,
            shadowAction,
            flags,
            disagreement);
      } catch (IllegalArgumentException e) {
        throw new ClipFormatException("invalid clip: " + e.getMessage(), e);
      }
    } catch (IOException e) {
      throw truncated(e);
    }
  }

  private static DataInputStream open(byte[] payload) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
    byte[] magic = new byte[MAGIC.length];
    if (payload.length < MAGIC.length + 1) {
      throw new ClipFormatException("payload of " + payload.length + " bytes is not a clip");
    }
    in.readFully(magic);
    for (int i = 0; i < MAGIC.length; i++) {
      if (magic[i] != MAGIC[i]) {
        throw new ClipFormatException("payload does not start with the clip magic \"FLCP\"");
      }
    }
    int version = in.readUnsignedByte();
    if (version != VERSION) {
      throw new ClipFormatException("clip format " + version + " is not supported (expected 1)");
    }
    return in;
  }

  private static byte[] readBytes(DataInputStream in, int n) throws IOException {
    if (n > in.available()) {
      throw new EOFException();
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  private static float[] readFloats(DataInputStream in, int n) throws IOException {
    if ((long) n * Float.BYTES > in.available()) {
      throw new EOFException();
    }
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = in.readFloat();
    }
    return f;
  }

  private static ClipFormatException truncated(IOException e) {
    return new ClipFormatException("clip payload is truncated", e);
  }
}
