package io.fleetloop.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fleetloop.ingest.api.DeviceRegistry;
import io.fleetloop.ingest.api.DeviceToken;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceAuthenticatorTest {

  private static final Instant NOW = Instant.parse("2026-11-21T00:00:00Z");
  private static final byte[] K1 = "k1".getBytes(StandardCharsets.UTF_8);
  private static final byte[] K2 = "k2".getBytes(StandardCharsets.UTF_8);

  private final DeviceRegistry registry =
      new DeviceRegistry().register("veh-1", K1).register("veh-2", K2).revoke("veh-2");
  private final DeviceAuthenticator auth =
      new DeviceAuthenticator(registry, Clock.fixed(NOW, ZoneOffset.UTC));

  private static String header(String device, Instant expiry, byte[] key) {
    return DeviceToken.authorizationHeader(DeviceToken.sign(device, expiry, key));
  }

  private Status.Code code(String authorization) {
    Refusal r = catchThrowableOfType(Refusal.class, () -> auth.authenticate(authorization));
    return r == null ? Status.Code.OK : r.code();
  }

  @Test
  void aValidTokenProvesItsDevice() throws Refusal {
    assertThat(auth.authenticate(header("veh-1", NOW.plusSeconds(60), K1))).isEqualTo("veh-1");
  }

  @Test
  void everyBadTokenIsUnauthenticated() {
    Instant later = NOW.plus(Duration.ofHours(1));
    assertThat(code(null)).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(code("Bearer abc")).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(code("Device garbage")).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(code(header("veh-9", later, K1)))
        .as("unknown")
        .isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(code(header("veh-2", later, K2)))
        .as("revoked")
        .isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(code(header("veh-1", NOW, K1))).as("expired").isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(code(header("veh-1", later, K2)))
        .as("signed with another device's key")
        .isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void registryLoadsFromAPropertiesFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("devices.properties");
    Files.writeString(
        file,
        "device.veh-1="
            + Base64.getEncoder().encodeToString(K1)
            + "\ndevice.veh-2="
            + Base64.getEncoder().encodeToString(K2)
            + "\nrevoked=veh-2\n");
    DeviceRegistry loaded = DeviceRegistry.load(file);
    assertThat(loaded.size()).isEqualTo(2);
    assertThat(loaded.key("veh-1")).hasValueSatisfying(k -> assertThat(k).isEqualTo(K1));
    assertThat(loaded.isRevoked("veh-2")).isTrue();
    assertThat(loaded.isRevoked("veh-1")).isFalse();
  }
}
