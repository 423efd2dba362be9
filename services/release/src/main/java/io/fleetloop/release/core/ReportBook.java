package io.fleetloop.release.core;

import io.fleetloop.release.grpc.TriggerCounters;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Aggregates the counters devices report, per trigger generation. Devices report cumulative
 * counters (since they started running the generation), so the book keeps the latest report of each
 * device and sums over devices: a repeated or re-ordered report cannot count twice, and a restarted
 * channel recovers the totals as devices report again. In memory.
 */
public final class ReportBook {

  /** Seconds in a device-day, the unit budgets are written in. */
  public static final double SECONDS_PER_DAY = 86_400.0;

  private record Key(String triggerId, long generation) {}

  private record Entry(TriggerCounters counters, Instant at) {}

  private final Map<Key, Map<String, Entry>> book = new ConcurrentHashMap<>();

  /** Records {@code counters} reported by {@code deviceId} at {@code at}. */
  public void record(String deviceId, TriggerCounters counters, Instant at) {
    book.computeIfAbsent(
            new Key(counters.getTriggerId(), counters.getGeneration()),
            k -> new ConcurrentHashMap<>())
        .merge(
            deviceId,
            new Entry(counters, at),
            (old, now) -> now.at().isBefore(old.at()) ? old : now);
  }

  /** Forgets every generation of {@code triggerId} older than {@code generation}. */
  public void forgetOlderThan(String triggerId, long generation) {
    book.keySet().removeIf(k -> k.triggerId().equals(triggerId) && k.generation() < generation);
  }

  /**
   * The totals of one generation.
   *
   * @param activeWindow a device counts as active when it reported within this window before {@code
   *     now}
   */
  public Totals totals(String triggerId, long generation, Instant now, Duration activeWindow) {
    Map<String, Entry> devices = book.getOrDefault(new Key(triggerId, generation), Map.of());
    Instant activeSince = now.minus(activeWindow);
    long active = 0;
    long firings = 0;
    long clips = 0;
    long bytes = 0;
    long seconds = 0;
    for (Entry e : devices.values()) {
      if (!e.at().isBefore(activeSince)) {
        active++;
      }
      firings += e.counters().getFired();
      clips += e.counters().getUploadedClips();
      bytes += e.counters().getUploadedBytes();
      seconds += Math.max(0, e.counters().getRunningSeconds());
    }
    return new Totals(devices.size(), active, firings, clips, bytes, seconds / SECONDS_PER_DAY);
  }

  /**
   * What the devices reported about one generation.
   *
   * @param reporting devices that reported it at all
   * @param active devices that reported it within the active window
   * @param deviceDays summed exposure
   */
  public record Totals(
      long reporting, long active, long firings, long clips, long bytes, double deviceDays) {

    /** {@code value} per device-day, 0 without exposure. */
    public double perDeviceDay(long value) {
      return deviceDays > 0 ? value / deviceDays : 0;
    }
  }
}
