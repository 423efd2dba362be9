package io.fleetloop.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-11-21T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void clipBurstThenRefusalWithRetryAfterThenRefill() throws Refusal {
    MutableClock clock = new MutableClock();
    RateLimiter limiter =
        new RateLimiter(IngestLimits.defaults().withClipRate(2, 3).withMaxClipBytes(1000), clock);
    for (int i = 0; i < 3; i++) {
      limiter.acquire("veh-1", 10);
    }
    Refusal r = catchThrowableOfType(Refusal.class, () -> limiter.acquire("veh-1", 10));
    assertThat(r.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(r.retryAfter()).hasValue(Duration.ofMillis(500));
    // another device has its own bucket
    assertThatCode(() -> limiter.acquire("veh-2", 10)).doesNotThrowAnyException();

    clock.advance(Duration.ofMillis(500));
    limiter.acquire("veh-1", 10);
  }

  @Test
  void byteBucketLimitsVolume() throws Refusal {
    MutableClock clock = new MutableClock();
    IngestLimits limits =
        IngestLimits.defaults()
            .withMaxClipBytes(1000)
            .withByteRate(1000, 1500)
            .withClipRate(100, 100);
    RateLimiter limiter = new RateLimiter(limits, clock);
    limiter.acquire("veh-1", 1000);
    Refusal r = catchThrowableOfType(Refusal.class, () -> limiter.acquire("veh-1", 1000));
    assertThat(r.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(r.retryAfter()).hasValue(Duration.ofMillis(500));
    clock.advance(Duration.ofMillis(500));
    limiter.acquire("veh-1", 1000);
  }
}
