package io.fleetloop.audit.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Idempotency keys derived from what makes a fact unique, so that a retry (or a reconcile repeated
 * after a crash) produces the same key. {@code prefix:sha256(parts)}; parts are length-delimited so
 * that ("ab","c") and ("a","bc") differ.
 */
public final class IdempotencyKeys {

  private IdempotencyKeys() {}

  public static String derive(String prefix, Object... parts) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (Object part : parts) {
      byte[] bytes = String.valueOf(part).getBytes(StandardCharsets.UTF_8);
      sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
      sha.update((byte) ':');
      sha.update(bytes);
    }
    return prefix + ":" + HexFormat.of().formatHex(sha.digest());
  }
}
