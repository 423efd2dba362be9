package io.fleetloop.ingest.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A signed device token: {@code v1.<base64url(deviceId)>.<expiry epoch seconds>.<base64url(mac)>}
 * where {@code mac = HMAC-SHA256(deviceKey, "v1." + base64url(deviceId) + "." + expiry)}.
 *
 * <p>Devices send it as gRPC metadata {@code authorization: Device <token>}. The key is the
 * device's own secret from the device registry, so a token proves one device identity only.
 *
 * @param deviceId the device the token speaks for
 * @param expiresAt when the token stops being accepted
 * @param signedPart the exact text the MAC covers
 * @param mac the MAC bytes
 */
public record DeviceToken(String deviceId, Instant expiresAt, String signedPart, byte[] mac) {

  public static final String VERSION = "v1";
  public static final String SCHEME = "Device";

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  public DeviceToken {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(expiresAt, "expiresAt");
    mac = mac.clone();
  }

  /** Signs a token for {@code deviceId} valid until {@code expiresAt}. */
  public static String sign(String deviceId, Instant expiresAt, byte[] deviceKey) {
    String signed =
        VERSION
            + "."
            + B64.encodeToString(deviceId.getBytes(StandardCharsets.UTF_8))
            + "."
            + expiresAt.getEpochSecond();
    return signed + "." + B64.encodeToString(hmac(deviceKey, signed));
  }

  /** The metadata value for a token: {@code Device <token>}. */
  public static String authorizationHeader(String token) {
    return SCHEME + " " + token;
  }

  /**
   * Parses the structure of a token (not its signature).
   *
   * @throws IllegalArgumentException naming what is malformed
   */
  public static DeviceToken parse(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("empty device token");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 4 || !VERSION.equals(parts[0])) {
      throw new IllegalArgumentException("device token is not v1.<device>.<expiry>.<mac>");
    }
    try {
      String deviceId = new String(B64D.decode(parts[1]), StandardCharsets.UTF_8);
      Instant expiry = Instant.ofEpochSecond(Long.parseLong(parts[2]));
      byte[] mac = B64D.decode(parts[3]);
      if (deviceId.isEmpty() || mac.length != 32) {
        throw new IllegalArgumentException("device token has an empty device or a short mac");
      }
      return new DeviceToken(deviceId, expiry, parts[0] + "." + parts[1] + "." + parts[2], mac);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed device token: " + e.getMessage(), e);
    }
  }

  /** Whether the MAC was made with {@code deviceKey} (constant-time comparison). */
  public boolean signedWith(byte[] deviceKey) {
    return MessageDigest.isEqual(mac, hmac(deviceKey, signedPart));
  }

  @Override
  public byte[] mac() {
    return mac.clone();
  }

  private static byte[] hmac(byte[] key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
