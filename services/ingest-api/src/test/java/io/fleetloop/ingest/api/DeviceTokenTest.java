package io.fleetloop.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeviceTokenTest {

  private static final byte[] KEY = "key-of-vehicle-1".getBytes(StandardCharsets.UTF_8);
  private static final Instant EXPIRY = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void signedTokenParsesAndVerifiesWithItsKeyOnly() {
    DeviceToken token = DeviceToken.parse(DeviceToken.sign("vehicle-1", EXPIRY, KEY));

    assertThat(token.deviceId()).isEqualTo("vehicle-1");
    assertThat(token.expiresAt()).isEqualTo(EXPIRY);
    assertThat(token.signedWith(KEY)).isTrue();
    assertThat(token.signedWith("other".getBytes(StandardCharsets.UTF_8))).isFalse();
  }

  @Test
  void changingTheDeviceBreaksTheSignature() {
    String token = DeviceToken.sign("vehicle-1", EXPIRY, KEY);
    String forged = DeviceToken.sign("vehicle-2", EXPIRY, KEY).split("\\.")[1];
    String[] parts = token.split("\\.");
    DeviceToken tampered =
        DeviceToken.parse(parts[0] + "." + forged + "." + parts[2] + "." + parts[3]);

    assertThat(tampered.deviceId()).isEqualTo("vehicle-2");
    assertThat(tampered.signedWith(KEY)).isFalse();
  }

  @Test
  void malformedTokensAreRefused() {
    assertThatThrownBy(() -> DeviceToken.parse("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DeviceToken.parse("v1.abc.12"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DeviceToken.parse("v2.dmVoaWNsZQ.12.AAAA"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DeviceToken.parse("v1.dmVoaWNsZQ.notanumber.AAAA"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DeviceToken.parse("v1.dmVoaWNsZQ.12.AAAA"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void objectKeyIsContentAddressed() {
    String hex = ClipDigests.sha256Hex("abc".getBytes(StandardCharsets.UTF_8));
    assertThat(hex).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(ClipDigests.objectKey(hex)).isEqualTo("clips/sha256/ba/" + hex);
    assertThat(ClipDigests.isSha256Hex(hex)).isTrue();
    assertThat(ClipDigests.isSha256Hex(hex.toUpperCase())).isFalse();
  }
}
