package io.fleetloop.ingest.core;

import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-device token buckets, one for clips and one for payload bytes, both charged when a clip's
 * header arrives. Time comes from the injected {@link Clock}.
 */
public final class RateLimiter {

  private final IngestLimits limits;
  private final Clock clock;
  private final ConcurrentHashMap<String, Buckets> devices = new ConcurrentHashMap<>();

  public RateLimiter(IngestLimits limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
  }

  /**
   * Takes one clip and {@code bytes} from the device's buckets, or refuses with {@code
   * RESOURCE_EXHAUSTED} and the time after which the same request would pass.
   */
  public void acquire(String deviceId, long bytes) throws Refusal {
    long nowNanos = nanos();
    Buckets buckets = devices.computeIfAbsent(deviceId, d -> new Buckets(nowNanos));
    Duration wait = buckets.tryTake(bytes, nowNanos);
    if (!wait.isZero()) {
      throw new Refusal(
          Status.Code.RESOURCE_EXHAUSTED,
          "rate limit: device "
              + deviceId
              + " may upload "
              + limits.clipsPerSecond()
              + " clips/s and "
              + (long) limits.bytesPerSecond()
              + " bytes/s; retry in "
              + wait.toMillis()
              + " ms",
          wait);
    }
  }

  private long nanos() {
    java.time.Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private final class Buckets {
    private double clips;
    private double bytes;
    private long lastNanos;

    Buckets(long nowNanos) {
      clips = limits.clipBurst();
      bytes = limits.byteBurst();
      lastNanos = nowNanos;
    }

    synchronized Duration tryTake(long wanted, long nowNanos) {
      double elapsed = Math.max(0, nowNanos - lastNanos) / 1e9;
      lastNanos = Math.max(lastNanos, nowNanos);
      clips = Math.min(limits.clipBurst(), clips + elapsed * limits.clipsPerSecond());
      bytes = Math.min(limits.byteBurst(), bytes + elapsed * limits.bytesPerSecond());
      if (clips >= 1 && bytes >= wanted) {
        clips -= 1;
        bytes -= wanted;
        return Duration.ZERO;
      }
      double clipWait = clips >= 1 ? 0 : (1 - clips) / limits.clipsPerSecond();
      double byteWait = bytes >= wanted ? 0 : (wanted - bytes) / limits.bytesPerSecond();
      long waitNanos = (long) Math.ceil(Math.max(clipWait, byteWait) * 1e9);
      return Duration.ofNanos(Math.max(1_000_000, waitNanos));
    }
  }
}
