package io.fleetloop.ingest.api;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** sha256 helpers and the content-addressed object key shared by device and service. */
public final class ClipDigests {

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  private ClipDigests() {}

  public static String sha256Hex(byte[] payload) {
    return HexFormat.of().formatHex(newSha256().digest(payload));
  }

  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static boolean isSha256Hex(String s) {
    return s != null && HEX64.matcher(s).matches();
  }

  /** {@code clips/sha256/<first two hex digits>/<hex>}. */
  public static String objectKey(String sha256Hex) {
    return "clips/sha256/" + sha256Hex.substring(0, 2) + "/" + sha256Hex;
  }
}
