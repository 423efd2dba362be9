package io.fleetloop.codec.learned;

import io.fleetloop.world.PolicyFeatures;
import io.fleetloop.world.model.InvalidArtifactException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
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

  private static final byte[] MAGIC = {'F', 'L', 'C', 'D'};
  private static final int DIGEST_BYTES = 32;

  private CodecArtifact() {}

  static byte[] write(LearnedFeatureCodec codec) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeShort(FORMAT_VERSION);
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
      out.flush();
      out.write(sha256(bytes.toByteArray(), bytes.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static String digestHex(byte[] artifact) {
    return HexFormat.of().formatHex(artifact, artifact.length - DIGEST_BYTES, artifact.length);
  }

  static LearnedFeatureCodec read(byte[] bytes) {
    if (bytes.length < MAGIC.length + 2 + DIGEST_BYTES) {
      throw new InvalidArtifactException(
          "not a codec artifact: " + bytes.length + " bytes is too short");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes[i] != MAGIC[i]) {
        throw new InvalidArtifactException("not a codec artifact: bad magic (expected FLCD)");
      }
    }
    int format = ((bytes[4] & 0xFF) << 8) | (bytes[5] & 0xFF);
    if (format != FORMAT_VERSION) {
      throw new InvalidArtifactException(
          "unsupported codec artifact format version " + format + " (this reader knows 1)");
    }
    int contentLength = bytes.length - DIGEST_BYTES;
    byte[] expected = Arrays.copyOfRange(bytes, contentLength, bytes.length);
    byte[] actual = sha256(bytes, contentLength);
    if (!MessageDigest.isEqual(expected, actual)) {
      throw new InvalidArtifactException(
          "codec artifact digest mismatch: the file says sha256 "
              + HexFormat.of().formatHex(expected)
              + " but its content hashes to "
              + HexFormat.of().formatHex(actual)
              + "; the codec is corrupted or truncated and is refused");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, 0, contentLength);
    try {
      in.position(6);
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

  private static byte[] sha256(byte[] bytes, int length) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(bytes, 0, length);
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > 0xFFFF) {
      throw new IllegalArgumentException("string of " + b.length + " bytes is too long");
    }
    out.writeShort(b.length);
    out.write(b);
  }

  private static String readString(ByteBuffer in) {
    int n = in.getShort() & 0xFFFF;
    byte[] b = new byte[n];
    in.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
