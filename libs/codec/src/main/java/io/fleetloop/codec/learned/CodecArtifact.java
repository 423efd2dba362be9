package io.fleetloop.codec.learned;

import io.fleetloop.world.PolicyFeatures;
import io.fleetloop.world.model.ArtifactEnvelope;
import io.fleetloop.world.model.InvalidArtifactException;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * The codec artifact ({@code codec.flc}), in the house style of the model artifact: deterministic,
 * big-endian, ending in the SHA-256 of everything before it.
 *
 * <pre>
 * magic          4 bytes  "FLCD"
 * format         u16      1
 * inputSchema    str      "fleetloop.policy-features/v1"   (str = u16 byte length + UTF-8)
 * policyName     str      the model this codec ships with
 * policyVersion  str
 * policySha256   str      that model artifact's sha256
 * metadata       u16 count, count × (key str, value str), sorted by key
 * featureCount   u16      26
 * continuous     u16      11
 * latents        u16      k
 * chunkFrames    u16      frames per Rice-parameter chunk
 * mean           f32[continuous]
 * encoder        f32[k × continuous]   row-major
 * decoder        f32[continuous × k]   row-major
 * step           f32[k]
 * digest         32 bytes SHA-256 over every preceding byte
 * </pre>
 *
 * Reading checks magic, format and digest before it parses anything else, then the schema, shapes,
 * finiteness and exact length; anything else is refused with {@link InvalidArtifactException}.
 */
final class CodecArtifact {
  /** The format version written. */
  static final int FORMAT_VERSION = 1;

  private static final ArtifactEnvelope ENVELOPE =
      new ArtifactEnvelope("FLCD", FORMAT_VERSION, "codec artifact");

  private CodecArtifact() {}

  static byte[] write(LearnedFeatureCodec codec) {
    return ENVELOPE.seal(
        out -> {
          writeString(out, PolicyFeatures.SCHEMA);
          writeString(out, codec.policyName());
          writeString(out, codec.policyVersion());
          writeString(out, codec.policySha256());
          if (codec.metadata().size() > 0xFFFF) {
            throw new IllegalArgumentException("too many metadata entries");
          }
          out.writeShort(codec.metadata().size());
          for (Map.Entry<String, String> e : codec.metadata().entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
          }
          out.writeShort(PolicyFeatures.COUNT);
          out.writeShort(PolicyLayout.CONTINUOUS);
          out.writeShort(codec.latents());
          out.writeShort(codec.chunkFrames());
          for (float[] block :
              new float[][] {codec.mean(), codec.encoder(), codec.decoder(), codec.step()}) {
            for (float f : block) {
              out.writeFloat(f);
            }
          }
        });
  }

  static String digestHex(byte[] artifact) {
    return ArtifactEnvelope.digestHex(artifact);
  }

  static LearnedFeatureCodec read(byte[] bytes) {
    ByteBuffer in = ENVELOPE.open(bytes);
    try {
      String schema = readString(in);
      if (!PolicyFeatures.SCHEMA.equals(schema)) {
        throw new InvalidArtifactException(
            "codec encodes '" + schema + "', this reader knows '" + PolicyFeatures.SCHEMA + "'");
      }
      String policyName = readString(in);
      String policyVersion = readString(in);
      String policySha256 = readString(in);
      int metaCount = in.getShort() & 0xFFFF;
      Map<String, String> meta = new TreeMap<>();
      for (int i = 0; i < metaCount; i++) {
        String key = readString(in);
        meta.put(key, readString(in));
      }
      int featureCount = in.getShort() & 0xFFFF;
      int continuous = in.getShort() & 0xFFFF;
      int latents = in.getShort() & 0xFFFF;
      int chunkFrames = in.getShort() & 0xFFFF;
      if (featureCount != PolicyFeatures.COUNT || continuous != PolicyLayout.CONTINUOUS) {
        throw new InvalidArtifactException(
            "codec artifact declares "
                + featureCount
                + " features ("
                + continuous
                + " continuous); the policy features have "
                + PolicyFeatures.COUNT
                + " ("
                + PolicyLayout.CONTINUOUS
                + ")");
      }
      if (latents < 1 || latents > continuous) {
        throw new InvalidArtifactException("codec artifact declares " + latents + " latents");
      }
      long floats = continuous + 2L * latents * continuous + latents;
      if (floats * Float.BYTES != in.remaining()) {
        throw new InvalidArtifactException(
            "codec parameter section has "
                + in.remaining()
                + " bytes, its shape needs "
                + floats * Float.BYTES);
      }
      float[] mean = readFloats(in, continuous);
      float[] encoder = readFloats(in, latents * continuous);
      float[] decoder = readFloats(in, latents * continuous);
      float[] step = readFloats(in, latents);
      return new LearnedFeatureCodec(
          policyName, policyVersion, policySha256, meta, mean, encoder, decoder, step, chunkFrames);
    } catch (BufferUnderflowException e) {
      throw new InvalidArtifactException("codec artifact is truncated", e);
    } catch (IllegalArgumentException e) {
      throw new InvalidArtifactException("codec artifact is invalid: " + e.getMessage(), e);
    }
  }

  private static float[] readFloats(ByteBuffer in, int n) {
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = in.getFloat();
    }
    return f;
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    ArtifactEnvelope.writeString(out, s);
  }

  private static String readString(ByteBuffer in) {
    return ArtifactEnvelope.readString(in);
  }
}
