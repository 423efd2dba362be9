package io.fleetloop.ingest.core;

/**
 * Size and rate limits.
 *
 * @param maxClipBytes largest payload accepted
 * @param clipsPerSecond sustained clips per second per device
 * @param clipBurst clips a device may send at once
 * @param bytesPerSecond sustained payload bytes per second per device
 * @param byteBurst payload bytes a device may send at once (at least {@code maxClipBytes})
 */
public record IngestLimits(
    long maxClipBytes,
    double clipsPerSecond,
    int clipBurst,
    double bytesPerSecond,
    long byteBurst) {

  public IngestLimits {
    if (maxClipBytes <= 0 || clipsPerSecond <= 0 || clipBurst < 1 || bytesPerSecond <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
    if (byteBurst < maxClipBytes) {
      throw new IllegalArgumentException("byteBurst must be at least maxClipBytes");
    }
  }

  /** 64 MiB clips; 5 clips/s (burst 20) and 32 MiB/s (burst 128 MiB) per device. */
  public static IngestLimits defaults() {
    return new IngestLimits(64L << 20, 5, 20, 32L << 20, 128L << 20);
  }

  public IngestLimits withMaxClipBytes(long bytes) {
    return new IngestLimits(
        bytes, clipsPerSecond, clipBurst, bytesPerSecond, Math.max(byteBurst, bytes));
  }

  public IngestLimits withClipRate(double perSecond, int burst) {
    return new IngestLimits(maxClipBytes, perSecond, burst, bytesPerSecond, byteBurst);
  }

  public IngestLimits withByteRate(double perSecond, long burst) {
    return new IngestLimits(maxClipBytes, clipsPerSecond, clipBurst, perSecond, burst);
  }
}
