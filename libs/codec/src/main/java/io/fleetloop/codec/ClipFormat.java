package io.fleetloop.codec;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of an uploaded clip, documented in {@code docs/codec.md}. {@link #write} writes format
 * {@value #VERSION}; {@link #read} reads formats 1 and 2. Both start the same way, so {@link
 * #codecVersion} reads either without decoding:
 *
 * <pre>
 *   4  magic "FLCP"
 *   1  format version (1 or 2)
 *   2+ codec version (modified UTF-8, u16 length-prefixed)
 * </pre>
 *
 * Format 2 (big-endian; varints are unsigned LEB128, see {@link LabelStreams}):
 *
 * <pre>
 *   varint featureCount   varint frames
 *   8 startTimestampMs    varint frameIntervalMs
 *   varint zigzag(condition)  varint triggerFrame
 *   u8 streams: humanAction, activeAction, shadowAction, flags     (runs or plain, see below)
 *   f32 streams: humanSteering, disagreement                       (runs or plain, bit-exact)
 *   varint feature block length, then the block as the codec encoded it
 * </pre>
 *
 * Each label stream is {@code u8 mode}: 0 = {@code varint runs, runs × (varint length, value)}, 1 =
 * {@code frames × value}; the writer picks the smaller. Labels are lossless in both formats:
 * reading returns the exact bytes and float bits that were written.
 *
 * <p>Format 1 (big-endian, fixed width), still read and written by {@link #writeV1} for the raw
 * baseline:
 *
 * <pre>
 *   4  featureCount     4  frames
 *   8  startTimestampMs 4  frameIntervalMs
 *   4  condition        4  triggerFrame
 *   frames × 1  humanAction      frames × 4  humanSteering (float32)
 *   frames × 1  activeAction     frames × 1  shadowAction
 *   frames × 1  flags            frames × 4  disagreement (float32)
 *   4  feature block length, then the block as the codec encoded it
 * </pre>
 */
public final class ClipFormat {
  /** The first four bytes of every clip. */
  public static final byte[] MAGIC = "FLCP".getBytes(StandardCharsets.US_ASCII);

  /** The format version {@link #write} writes. */
  public static final int VERSION = ClipFormatV2.VERSION;

  /** The first format version: labels uncompressed, 12 bytes a frame (the raw baseline). */
  public static final int VERSION_1 = ClipFormatV1.VERSION;

  private ClipFormat() {}

  /**
   * Serializes {@code clip} in format {@value #VERSION}, encoding its features with {@code codec}.
   */
  public static byte[] write(ClipFrames clip, FeatureCodec codec) {
    return ClipFormatV2.write(clip, codec.version(), encode(clip, codec));
  }

  /**
   * Serializes {@code clip} in format 1 (labels uncompressed). Readers read both formats; this is
   * the baseline compression ratios are measured against ({@code writeV1(clip,
   * RawFeatureCodec.INSTANCE)}) and a way to produce clips for readers that predate format 2.
   */
  public static byte[] writeV1(ClipFrames clip, FeatureCodec codec) {
    return ClipFormatV1.write(clip, codec.version(), encode(clip, codec));
  }

  /**
   * The format version of a clip (1 or 2), without decoding it.
   *
   * @throws ClipFormatException when the payload is not a clip of a supported format
   */
  public static int formatVersion(byte[] payload) {
    check(payload);
    return payload[MAGIC.length];
  }

  /**
   * The codec version a clip names, without decoding it.
   *
   * @throws ClipFormatException when the payload is not a clip or is truncated
   */
  public static String codecVersion(byte[] payload) {
    try (DataInputStream in = open(payload)) {
      return in.readUTF();
    } catch (IOException e) {
      throw truncated(e);
    }
  }

  /**
   * Reads a clip of format 1 or 2 and decodes its features with the codec it names.
   *
   * @throws ClipFormatException when the payload is truncated, malformed or names an unknown codec
   */
  public static ClipFrames read(byte[] payload, CodecResolver codecs) {
    int version = formatVersion(payload);
    try (DataInputStream in = open(payload)) {
      FeatureCodec codec = codecs.require(in.readUTF());
      return version == ClipFormatV1.VERSION
          ? ClipFormatV1.read(in, codec)
          : ClipFormatV2.read(in, codec);
    } catch (IOException e) {
      throw truncated(e);
    }
  }

  private static byte[] encode(ClipFrames clip, FeatureCodec codec) {
    return codec.encode(clip.features(), clip.frames(), clip.featureCount());
  }

  /** Checks magic and format version. */
  private static void check(byte[] payload) {
    if (payload.length < MAGIC.length + 1) {
      throw new ClipFormatException("payload of " + payload.length + " bytes is not a clip");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (payload[i] != MAGIC[i]) {
        throw new ClipFormatException("payload does not start with the clip magic \"FLCP\"");
      }
    }
    int version = payload[MAGIC.length] & 0xFF;
    if (version != ClipFormatV1.VERSION && version != ClipFormatV2.VERSION) {
      throw new ClipFormatException(
          "clip format " + version + " is not supported (this reader reads formats 1 and 2)");
    }
  }

  /** A stream positioned on the codec version, after magic and format version are checked. */
  private static DataInputStream open(byte[] payload) throws IOException {
    check(payload);
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
    in.skipNBytes(MAGIC.length + 1);
    return in;
  }

  /** The labels of a clip being read. */
  record Labels(
      byte[] humanAction,
      float[] humanSteering,
      byte[] activeAction,
      byte[] shadowAction,
      byte[] flags,
      float[] disagreement) {}

  static void checkShape(int featureCount, int frames) {
    if (featureCount <= 0 || featureCount > ClipFrames.MAX_FEATURES) {
      throw new ClipFormatException(
          "clip declares " + Integer.toUnsignedString(featureCount) + " features per frame");
    }
    if (frames <= 0 || frames > ClipFrames.MAX_FRAMES) {
      throw new ClipFormatException(
          "clip declares " + Integer.toUnsignedString(frames) + " frames");
    }
  }

  /** Reads the feature block of {@code length} bytes, which must end the payload. */
  static byte[] readBlock(DataInputStream in, int length) throws IOException {
    if (length < 0 || length > in.available()) {
      throw new ClipFormatException(
          "feature block declares "
              + Integer.toUnsignedString(length)
              + " bytes, "
              + in.available()
              + " remain");
    }
    byte[] block = readBytes(in, length);
    if (in.available() > 0) {
      throw new ClipFormatException(in.available() + " unexpected bytes after the feature block");
    }
    return block;
  }

  /**
   * Decodes the block and builds the clip, turning shape errors into {@link ClipFormatException}.
   */
  static ClipFrames assemble(
      FeatureCodec codec,
      byte[] block,
      int featureCount,
      int frames,
      long start,
      int interval,
      int condition,
      int triggerFrame,
      Labels labels) {
    float[] features = codec.decode(block, frames, featureCount);
    try {
      return new ClipFrames(
          featureCount,
          frames,
          start,
          interval,
          condition,
          triggerFrame,
          features,
          labels.humanAction(),
          labels.humanSteering(),
          labels.activeAction(),
          labels.shadowAction(),
          labels.flags(),
          labels.disagreement());
    } catch (IllegalArgumentException e) {
      throw new ClipFormatException("invalid clip: " + e.getMessage(), e);
    }
  }

  static byte[] readBytes(DataInputStream in, int n) throws IOException {
    require(in, n);
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  /** Throws {@link EOFException} before allocating when fewer than {@code bytes} remain. */
  static void require(DataInputStream in, long bytes) throws IOException {
    if (bytes > in.available()) {
      throw new EOFException();
    }
  }

  private static ClipFormatException truncated(IOException e) {
    return new ClipFormatException("clip payload is truncated", e);
  }
}
