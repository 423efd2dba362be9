package io.fleetloop.world.model;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The envelope every Fleetloop artifact file shares (the model artifact {@code .flm}, the codec
 * artifact {@code .flc}): a 4-byte magic, a big-endian u16 format version, the body, and the
 * SHA-256 of everything before it. {@link #seal} writes one, {@link #open} checks magic, format and
 * digest before anything of the body is parsed, so a corrupted, truncated or foreign file is
 * refused with an {@link InvalidArtifactException} that says which.
 *
 * <p>Strings in a body are a u16 byte length and UTF-8 ({@link #writeString}, {@link #readString}).
 */
public final class ArtifactEnvelope {

  /** Bytes of the trailing SHA-256. */
  public static final int DIGEST_BYTES = 32;

  private static final int HEADER_BYTES = 6;

  private final byte[] magic;
  private final int format;
  private final String what;

  /**
   * @param magic four ASCII characters, e.g. {@code FLMA}
   * @param format the format version written and the only one read
   * @param what the artifact's name in messages, e.g. {@code model artifact}
   */
  public ArtifactEnvelope(String magic, int format, String what) {
    byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
    if (m.length != 4) {
      throw new IllegalArgumentException("an artifact magic has 4 characters, not '" + magic + "'");
    }
    this.magic = m;
    this.format = format;
    this.what = what;
  }

  /** Writes an artifact's body. */
  @FunctionalInterface
  public interface Body {
    /** Writes the body after the header. */
    void write(DataOutputStream out) throws IOException;
  }

  /** Header, {@code body}, digest: the artifact's bytes. */
  public byte[] seal(Body body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(magic);
      out.writeShort(format);
      body.write(out);
      out.flush();
      byte[] content = bytes.toByteArray();
      out.write(sha256(content, content.length));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Checks magic, format and digest of {@code bytes} and returns its body: a buffer from after the
   * header to before the digest.
   *
   * @throws InvalidArtifactException when the file is too short, foreign, of another format or its
   *     digest does not match
   */
  public ByteBuffer open(byte[] bytes) {
    if (bytes.length < HEADER_BYTES + DIGEST_BYTES) {
      throw new InvalidArtifactException(
          "not a " + what + ": " + bytes.length + " bytes is too short");
    }
    for (int i = 0; i < magic.length; i++) {
      if (bytes[i] != magic[i]) {
        throw new InvalidArtifactException(
            "not a "
                + what
                + ": bad magic (expected "
                + new String(magic, StandardCharsets.US_ASCII)
                + ")");
      }
    }
    int found = ((bytes[4] & 0xFF) << 8) | (bytes[5] & 0xFF);
    if (found != format) {
      throw new InvalidArtifactException(
          "unsupported "
              + what
              + " format version "
              + found
              + " (this reader knows "
              + format
              + ")");
    }
    int contentLength = bytes.length - DIGEST_BYTES;
    byte[] expected = Arrays.copyOfRange(bytes, contentLength, bytes.length);
    byte[] actual = sha256(bytes, contentLength);
    if (!MessageDigest.isEqual(expected, actual)) {
      throw new InvalidArtifactException(
          what
              + " digest mismatch: the file says sha256 "
              + HexFormat.of().formatHex(expected)
              + " but its content hashes to "
              + HexFormat.of().formatHex(actual)
              + "; the "
              + what
              + " is corrupted or truncated and is refused");
    }
    ByteBuffer body = ByteBuffer.wrap(bytes, 0, contentLength);
    body.position(HEADER_BYTES);
    return body;
  }

  /** The digest an artifact ends with, lower-case hex: its content id. */
  public static String digestHex(byte[] artifact) {
    return HexFormat.of().formatHex(artifact, artifact.length - DIGEST_BYTES, artifact.length);
  }

  /** Writes {@code s} as a u16 byte length and UTF-8. */
  public static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > 0xFFFF) {
      throw new IllegalArgumentException("string of " + b.length + " bytes is too long");
    }
    out.writeShort(b.length);
    out.write(b);
  }

  /** Reads a string written by {@link #writeString}. */
  public static String readString(ByteBuffer in) {
    int n = in.getShort() & 0xFFFF;
    byte[] b = new byte[n];
    in.get(b);
    return new String(b, StandardCharsets.UTF_8);
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
}
