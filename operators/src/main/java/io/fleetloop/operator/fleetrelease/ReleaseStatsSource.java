package io.fleetloop.operator.fleetrelease;

import java.util.List;
import java.util.Objects;

/**
 * Where the FleetRelease reconciler reads the fleet's exposure: the release channel's {@code
 * ReleaseStats} ({@link GrpcReleaseStats}), or nothing when no channel is configured.
 */
public interface ReleaseStatsSource extends AutoCloseable {

  /** Cumulative exposure of {@code versions}, or why there is none. */
  Answer fetch(List<String> versions);

  /** Where the readings come from, for logs. */
  String describe();

  @Override
  default void close() {}

  /** What {@link #fetch} found. */
  sealed interface Answer {}

  /** No release channel is configured: nothing measures the fleet. */
  record NotConfigured(String message) implements Answer {}

  /** The channel did not answer (or refused). */
  record Unavailable(String message) implements Answer {}

  /** The channel's readings. */
  record Readings(ExposureReadings readings) implements Answer {}

  /** A source that always answers {@link NotConfigured} with {@code message}. */
  static ReleaseStatsSource notConfigured(String message) {
    Objects.requireNonNull(message, "message");
    return new ReleaseStatsSource() {
      @Override
      public Answer fetch(List<String> versions) {
        return new NotConfigured(message);
      }

      @Override
      public String describe() {
        return message;
      }
    };
  }
}
