package io.fleetloop.operator.datatrigger;

import java.util.Objects;

/**
 * Where the DataTrigger reconciler reads what the fleet does with a trigger: the release channel's
 * {@code TriggerStats} ({@link GrpcTriggerStats}), or nothing when no channel is configured.
 */
public interface TriggerStatsSource extends AutoCloseable {

  /** The figures of {@code triggerId}'s {@code generation}, or why there are none. */
  Answer fetch(String triggerId, long generation);

  /** Where the figures come from, for logs and {@code /readyz}. */
  String describe();

  @Override
  default void close() {}

  /** What {@link #fetch} found. */
  sealed interface Answer {}

  /** No release channel is configured: nothing is distributed by this operator. */
  record NotConfigured(String message) implements Answer {}

  /** The channel did not answer (or refused): the figures are unknown for now. */
  record Unavailable(String message) implements Answer {}

  /**
   * The channel's figures of one generation.
   *
   * @param served whether the channel serves this generation to devices now
   * @param servedPercent share of targeted devices it is served to
   * @param targeted devices the channel knows that the selector matches
   * @param active devices that reported this generation recently
   * @param reporting devices that reported this generation at all
   * @param deviceDays summed exposure of the reporting devices
   */
  record Stats(
      boolean served,
      int servedPercent,
      long targeted,
      long active,
      long reporting,
      long firings,
      long clips,
      long bytes,
      double deviceDays,
      double firingsPerDeviceDay,
      double bytesPerDeviceDay)
      implements Answer {}

  /** A source that always answers {@link NotConfigured} with {@code message}. */
  static TriggerStatsSource notConfigured(String message) {
    Objects.requireNonNull(message, "message");
    return new TriggerStatsSource() {
      @Override
      public Answer fetch(String triggerId, long generation) {
        return new NotConfigured(message);
      }

      @Override
      public String describe() {
        return message;
      }
    };
  }
}
