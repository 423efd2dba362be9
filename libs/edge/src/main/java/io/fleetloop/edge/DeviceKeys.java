package io.fleetloop.edge;

import io.fleetloop.ingest.api.DeviceToken;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per-device secrets and the signed tokens made from them. A simulated fleet derives every device's
 * key from one fleet secret ({@code HMAC-SHA256(fleetSecret, deviceId)}), so the ingest device
 * registry can be filled with the very same keys ({@link #derived(byte[])}) without a table of
 * 10,000 secrets.
 */
public final class DeviceKeys {

  private DeviceKeys() {}

  /** Keys derived from {@code fleetSecret}: {@code HMAC-SHA256(fleetSecret, deviceId)}. */
  public static Function<String, byte[]> derived(byte[] fleetSecret) {
    byte[] secret = fleetSecret.clone();
    if (secret.length == 0) {
      throw new IllegalArgumentException("the fleet secret must not be empty");
    }
    return deviceId -> {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return mac.doFinal(deviceId.getBytes(StandardCharsets.UTF_8));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 unavailable", e);
      }
    };
  }

  /**
   * Signed {@link DeviceToken}s for one device, valid for {@code validity} and re-signed when less
   * than a fifth of it is left; thread-safe.
   */
  public static Supplier<String> tokens(
      String deviceId, byte[] key, Duration validity, Clock clock) {
    return new TokenCache(deviceId, key.clone(), validity, clock);
  }

  private static final class TokenCache implements Supplier<String> {
    private final String deviceId;
    private final byte[] key;
    private final Duration validity;
    private final Clock clock;
    private String token;
    private Instant renewAt = Instant.MIN;

    TokenCache(String deviceId, byte[] key, Duration validity, Clock clock) {
      this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
      this.key = key;
      this.validity = validity;
      this.clock = clock;
    }

    @Override
    public synchronized String get() {
      Instant now = clock.instant();
      if (token == null || !now.isBefore(renewAt)) {
        Instant expiry = now.plus(validity);
        token = DeviceToken.sign(deviceId, expiry, key);
        renewAt = expiry.minus(validity.dividedBy(5));
      }
      return token;
    }
  }
}
