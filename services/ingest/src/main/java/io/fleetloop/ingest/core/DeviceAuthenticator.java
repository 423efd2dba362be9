package io.fleetloop.ingest.core;

import io.fleetloop.ingest.api.DeviceRegistry;
import io.fleetloop.ingest.api.DeviceToken;
import io.grpc.Status;
import java.time.Clock;

/**
 * Checks the {@code authorization: Device <token>} value of a call and returns the device it
 * proves. Any failure is {@code UNAUTHENTICATED}: missing, malformed, bad signature, unknown,
 * revoked or expired.
 */
public final class DeviceAuthenticator {

  private final DeviceRegistry registry;
  private final Clock clock;

  public DeviceAuthenticator(DeviceRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  public String authenticate(String authorization) throws Refusal {
    if (authorization == null || authorization.isBlank()) {
      throw unauthenticated("missing authorization metadata (expected 'Device <token>')");
    }
    String prefix = DeviceToken.SCHEME + " ";
    if (!authorization.startsWith(prefix)) {
      throw unauthenticated("authorization is not a 'Device <token>'");
    }
    DeviceToken token;
    try {
      token = DeviceToken.parse(authorization.substring(prefix.length()).trim());
    } catch (IllegalArgumentException e) {
      throw unauthenticated(e.getMessage());
    }
    byte[] key =
        registry
            .key(token.deviceId())
            .orElseThrow(() -> unauthenticated("unknown device " + token.deviceId()));
    if (!token.signedWith(key)) {
      throw unauthenticated("bad token signature for device " + token.deviceId());
    }
    if (registry.isRevoked(token.deviceId())) {
      throw unauthenticated("device " + token.deviceId() + " is revoked");
    }
    if (!clock.instant().isBefore(token.expiresAt())) {
      throw unauthenticated("token of device " + token.deviceId() + " expired");
    }
    return token.deviceId();
  }

  private static Refusal unauthenticated(String message) {
    return new Refusal(Status.Code.UNAUTHENTICATED, message);
  }
}
