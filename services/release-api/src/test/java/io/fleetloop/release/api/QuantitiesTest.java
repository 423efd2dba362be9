package io.fleetloop.release.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuantitiesTest {

  @Test
  void parsesByteQuantities() {
    assertThat(Quantities.bytes("64Mi")).isEqualTo(64L << 20);
    assertThat(Quantities.bytes("1.5G")).isEqualTo(1_500_000_000L);
    assertThat(Quantities.bytes("512")).isEqualTo(512);
    assertThatThrownBy(() -> Quantities.bytes("64MB"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64MB");
  }

  @Test
  void parsesDurations() {
    assertThat(Quantities.millis("250ms")).isEqualTo(250);
    assertThat(Quantities.millis("1h2m3s")).isEqualTo(3_723_000);
    assertThat(Quantities.millis("1.5s")).isEqualTo(1_500);
    assertThatThrownBy(() -> Quantities.millis("soon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("soon");
    assertThatThrownBy(() -> Quantities.millis("5s later"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
