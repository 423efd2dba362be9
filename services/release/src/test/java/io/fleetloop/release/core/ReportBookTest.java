package io.fleetloop.release.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.release.grpc.TriggerCounters;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReportBookTest {

  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  private static TriggerCounters counters(long generation, long fired, long clips, long seconds) {
    return TriggerCounters.newBuilder()
        .setTriggerId("datatrigger/ns/fog")
        .setGeneration(generation)
        .setFired(fired)
        .setUploadedClips(clips)
        .setUploadedBytes(clips * 1000)
        .setRunningSeconds(seconds)
        .build();
  }

  @Test
  void keepsTheLatestCumulativeReportPerDeviceAndSumsOverDevices() {
    ReportBook book = new ReportBook();
    book.record("a", counters(1, 5, 2, 43_200), T0);
    book.record("a", counters(1, 8, 3, 86_400), T0.plusSeconds(60)); // replaces, does not add
    book.record("a", counters(1, 1, 1, 10), T0.plusSeconds(30)); // late, older: ignored
    book.record("b", counters(1, 2, 1, 86_400), T0.minus(Duration.ofHours(1)));
    book.record("c", counters(2, 100, 100, 86_400), T0); // another generation

    ReportBook.Totals t =
        book.totals("datatrigger/ns/fog", 1, T0.plusSeconds(60), Duration.ofMinutes(15));

    assertThat(t.reporting()).isEqualTo(2);
    assertThat(t.active()).isEqualTo(1);
    assertThat(t.firings()).isEqualTo(10);
    assertThat(t.clips()).isEqualTo(4);
    assertThat(t.bytes()).isEqualTo(4000);
    assertThat(t.deviceDays()).isEqualTo(2.0);
    assertThat(t.perDeviceDay(t.firings())).isEqualTo(5.0);
  }

  @Test
  void forgetsOlderGenerations() {
    ReportBook book = new ReportBook();
    book.record("a", counters(1, 5, 2, 100), T0);
    book.record("a", counters(2, 1, 1, 100), T0);

    book.forgetOlderThan("datatrigger/ns/fog", 2);

    assertThat(book.totals("datatrigger/ns/fog", 1, T0, Duration.ofMinutes(1)).reporting())
        .isZero();
    assertThat(book.totals("datatrigger/ns/fog", 2, T0, Duration.ofMinutes(1)).reporting()).isOne();
    assertThat(book.totals("datatrigger/ns/fog", 2, T0, Duration.ofMinutes(1)).perDeviceDay(1))
        .isPositive();
  }
}
