package io.fleetloop.codec;

/**
 * Encodes the per-frame feature block of a clip ({@code frames × featureCount} floats, frame-major)
 * into the bytes a device uploads, and back. A codec is identified by its {@link #version()}, which
 * is written into every clip so the platform can decode what any device sent.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface FeatureCodec {

  /** The identifier written into clips, e.g. {@code raw-f32/v1} or {@code pca8-int8/<digest>}. */
  String version();

  /**
   * Encodes {@code frames × featureCount} features stored frame-major in {@code features}.
   *
   * @throws IllegalArgumentException when the array length does not match
   */
  byte[] encode(float[] features, int frames, int featureCount);

  /**
   * Decodes what {@link #encode} wrote.
   *
   * @throws ClipFormatException when {@code blob} is not a valid encoding of that shape
   */
  float[] decode(byte[] blob, int frames, int featureCount);
}
