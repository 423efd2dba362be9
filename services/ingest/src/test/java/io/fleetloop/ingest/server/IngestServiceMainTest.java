package io.fleetloop.ingest.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetloop.ingest.core.IngestLimits;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestServiceMainTest {

  @Test
  void unsetLimitsKeepTheirDefaults() {
    assertThat(IngestServiceMain.limits(IngestLimits.defaults(), Map.<String, String>of()::get))
        .isEqualTo(IngestLimits.defaults());
    assertThat(
            IngestServiceMain.limits(
                IngestLimits.defaults(), Map.of("INGEST_DEVICE_CLIP_BURST", " ")::get))
        .isEqualTo(IngestLimits.defaults());
  }

  @Test
  void limitsComeFromTheEnvironment() {
    IngestLimits limits =
        IngestServiceMain.limits(
            IngestLimits.defaults(),
            Map.of(
                    "INGEST_MAX_CLIP_BYTES", "1048576",
                    "INGEST_DEVICE_CLIPS_PER_SECOND", "50.5",
                    "INGEST_DEVICE_CLIP_BURST", "100",
                    "INGEST_DEVICE_BYTES_PER_SECOND", "2097152",
                    "INGEST_DEVICE_BYTE_BURST", "4194304")
                ::get);

    assertThat(limits).isEqualTo(new IngestLimits(1 << 20, 50.5, 100, 2 << 20, 4 << 20));
  }

  @Test
  void aByteBurstBelowTheClipLimitIsRefused() {
    assertThatThrownBy(
            () ->
                IngestServiceMain.limits(
                    IngestLimits.defaults(),
                    Map.of("INGEST_MAX_CLIP_BYTES", "1048576", "INGEST_DEVICE_BYTE_BURST", "1024")
                        ::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("byteBurst");
  }
}
