package io.fleetloop.audit.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain's arithmetic. An event's content digest covers every stored column that carries
 * meaning, each length-prefixed so that no two different rows encode alike:
 *
 * <pre>
 * content     = SHA-256(len|event_identifier, len|aggregate_identifier, len|sequence_number,
 *                       len|type, len|time_stamp, len|payload_type, len|payload_revision,
 *                       len|payload, len|meta_data, len|idempotency_key)
 * hash        = SHA-256(prev_hash || content)          the global chain, by global_index
 * stream_hash = SHA-256(prev_stream_hash || content)   the chain of one aggregate, by sequence
 * </pre>
 *
 * The first link's predecessor is 32 zero bytes ({@link #GENESIS}).
 */
public final class EventHasher {

  public static final byte[] GENESIS = new byte[32];

  private EventHasher() {}

  /** The content digest of one stored row. */
  public static byte[] content(
      String eventIdentifier,
      String aggregateIdentifier,
      long sequenceNumber,
      String type,
      String timestamp,
      String payloadType,
      String payloadRevision,
      byte[] payload,
      byte[] metaData,
      String idempotencyKey) {
    MessageDigest sha = sha256();
    field(sha, utf8(eventIdentifier));
    field(sha, utf8(aggregateIdentifier));
    field(sha, utf8(Long.toString(sequenceNumber)));
    field(sha, utf8(type));
    field(sha, utf8(timestamp));
    field(sha, utf8(payloadType));
    field(sha, utf8(payloadRevision));
    field(sha, payload);
    field(sha, metaData);
    field(sha, utf8(idempotencyKey));
    return sha.digest();
  }

  /** {@code SHA-256(previous || content)}. */
  public static byte[] link(byte[] previous, byte[] content) {
    MessageDigest sha = sha256();
    sha.update(previous);
    sha.update(content);
    return sha.digest();
  }

  public static String hex(byte[] hash) {
    return hash == null ? null : HexFormat.of().formatHex(hash);
  }

  private static void field(MessageDigest sha, byte[] value) {
    if (value == null) {
      sha.update(utf8("-1:"));
      return;
    }
    sha.update(utf8(value.length + ":"));
    sha.update(value);
  }

  private static byte[] utf8(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * This thread's digest, reset: saves a provider lookup per hash (three hashes per appended event,
   * and one or two per row that {@code verify} checks).
   */
  private static MessageDigest sha256() {
    MessageDigest sha = SHA256.get();
    sha.reset();
    return sha;
  }

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException(e);
            }
          });
}
