package io.fleetloop.release.server;

import io.fleetloop.ingest.api.DeviceRegistry;
import io.fleetloop.ingest.api.DeviceToken;
import io.fleetloop.release.client.ReleaseChannelClient;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;

/**
 * Checks the {@code authorization} metadata of a call: {@code Device <token>} (a signed device
 * token, as for ingest) or {@code Bearer <service token>}. Any failure is {@code UNAUTHENTICATED}
 * with what was wrong: missing, malformed, bad signature, unknown, revoked or expired.
 */
final class Authenticator {

  private final DeviceRegistry devices;
  private final Optional<byte[]> serviceToken;
  private final Clock clock;

  Authenticator(DeviceRegistry devices, Optional<String> serviceToken, Clock clock) {
    this.devices = devices;
    this.serviceToken = serviceToken.map(t -> t.getBytes(StandardCharsets.UTF_8));
    this.clock = clock;
  }

  Caller authenticate(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw unauthenticated(
          "missing authorization metadata (expected 'Device <token>' or 'Bearer <token>')");
    }
    String bearer = ReleaseChannelClient.BEARER + " ";
    if (authorization.startsWith(bearer)) {
      byte[] given =
          authorization.substring(bearer.length()).trim().getBytes(StandardCharsets.UTF_8);
      if (serviceToken.isEmpty()) {
        throw unauthenticated("this release channel has no service token configured");
      }
      if (!MessageDigest.isEqual(given, serviceToken.get())) {
        throw unauthenticated("wrong service token");
      }
      return new Caller.Service();
    }
    String device = DeviceToken.SCHEME + " ";
    if (!authorization.startsWith(device)) {
      throw unauthenticated("authorization is neither 'Device <token>' nor 'Bearer <token>'");
    }
    DeviceToken token;
    try {
      token = DeviceToken.parse(authorization.substring(device.length()).trim());
    } catch (IllegalArgumentException e) {
      throw unauthenticated(e.getMessage());
    }
    byte[] key =
        devices
            .key(token.deviceId())
            .orElseThrow(() -> unauthenticated("unknown device " + token.deviceId()));
    if (!token.signedWith(key)) {
      throw unauthenticated("bad token signature for device " + token.deviceId());
    }
    if (devices.isRevoked(token.deviceId())) {
      throw unauthenticated("device " + token.deviceId() + " is revoked");
    }
    if (!clock.instant().isBefore(token.expiresAt())) {
      throw unauthenticated("token of device " + token.deviceId() + " expired");
    }
    return new Caller.Device(token.deviceId());
  }

  private static RuntimeException unauthenticated(String message) {
    return Status.UNAUTHENTICATED.withDescription(message).asRuntimeException();
  }
}
