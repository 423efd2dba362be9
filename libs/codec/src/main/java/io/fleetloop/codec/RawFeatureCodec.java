package io.fleetloop.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The uncompressed baseline: every feature as a little-endian IEEE 754 float32. Compression ratios
 * are measured against this encoding.
 */
public final class RawFeatureCodec implements FeatureCodec {

  /** The version string of the raw encoding. */
  public static final String VERSION = "raw-f32/v1";

  /** The shared instance. */
  public static final RawFeatureCodec INSTANCE = new RawFeatureCodec();

  private RawFeatureCodec() {}

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public byte[] encode(float[] features, int frames, int featureCount) {
    ClipFrames.checkShape(features.length, frames, featureCount);
    ByteBuffer out =
        ByteBuffer.allocate(features.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    out.asFloatBuffer().put(features);
    return out.array();
  }

  @Override
  public float[] decode(byte[] blob, int frames, int featureCount) {
    long expected = (long) frames * featureCount * Float.BYTES;
    if (blob.length != expected) {
      throw new ClipFormatException(
          "raw feature block has " + blob.length + " bytes, expected " + expected);
    }
    float[] features = new float[frames * featureCount];
    ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(features);
    return features;
  }
}
