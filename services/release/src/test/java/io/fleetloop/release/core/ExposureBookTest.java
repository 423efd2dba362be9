package io.fleetloop.release.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetloop.release.grpc.Exposure;
import io.fleetloop.release.grpc.ExposureRole;
import io.fleetloop.release.grpc.ReleaseStatsReply;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExposureBookTest {

  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  private static Exposure e(String v, ExposureRole role, String cond, double km, long n) {
    return Exposure.newBuilder()
        .setModelVersion(v)
        .setRole(role)
        .setCondition(cond)
        .setKm(km)
        .setInterventions(n)
        .build();
  }

  @Test
  void sumsTheLatestCumulativeReportOfEachDevice() {
    ExposureBook book = new ExposureBook();
    book.record("a", List.of(e("v1", ExposureRole.DRIVING, "clear", 100, 1)), T0);
    book.record(
        "a",
        List.of(
            e("v1", ExposureRole.DRIVING, "clear", 150, 2),
            e("v2", ExposureRole.SHADOW, "clear", 150, 4)),
        T0.plusSeconds(10)); // replaces the first report
    book.record("a", List.of(e("v1", ExposureRole.DRIVING, "clear", 999, 9)), T0.plusSeconds(5));
    book.record(
        "b",
        List.of(
            e("v1", ExposureRole.DRIVING, "clear", 50, 0),
            e("v1", ExposureRole.DRIVING, "fog", 10, 1),
            e("v3", ExposureRole.DRIVING, "fog", 10, 1)),
        T0);
    book.record("b", List.of(), T0.plusSeconds(60)); // trigger-only report keeps the exposure

    ReleaseStatsReply r = book.stats(List.of("v1", "v2"));

    assertThat(r.getExposureList())
        .containsExactly(
            e("v1", ExposureRole.DRIVING, "clear", 200, 2),
            e("v1", ExposureRole.DRIVING, "fog", 10, 1),
            e("v2", ExposureRole.SHADOW, "clear", 150, 4));
    assertThat(r.getDevicesMap()).containsOnly(entry("v1", 2L), entry("v2", 1L));
    assertThat(book.stats(List.of()).getDevicesMap()).containsKey("v3");
  }

  @Test
  void refusesNegativeOrInfiniteExposure() {
    ExposureBook book = new ExposureBook();
    assertThatThrownBy(
            () -> book.record("a", List.of(e("v1", ExposureRole.DRIVING, "x", Double.NaN, 0)), T0))
        .hasMessageContaining("device a")
        .hasMessageContaining("v1");
  }

  private static java.util.Map.Entry<String, Long> entry(String k, long v) {
    return java.util.Map.entry(k, v);
  }
}
