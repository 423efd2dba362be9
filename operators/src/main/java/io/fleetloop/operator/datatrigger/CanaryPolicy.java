package io.fleetloop.operator.datatrigger;

import io.fleetloop.api.v1alpha1.DataTriggerRolloutStatus;
import io.fleetloop.api.v1alpha1.DataTriggerStatus;
import io.fleetloop.operator.common.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Trigger canarying, as plain Java (docs/release-channel.md, "Canary"): a new or changed generation
 * first runs on {@code spec.rollout.canaryPercent} of its devices; it is promoted to every device
 * once
 *
 * <ol>
 *   <li>at least {@code minDevices} devices reported it, and
 *   <li>at least {@code minObservation} passed since the canary started, and
 *   <li>its firings per device-day stay within {@code budget.clipsPerDevicePerDay} and its upload
 *       bytes per device-day within {@code budget.bytesPerDevicePerDay}.
 * </ol>
 *
 * <p>Over budget it stays in canary with {@code Distributed=False}, reason {@value
 * DataTriggerStatus#REASON_CANARY_OVER_BUDGET}, and the figures in the message; it is promoted
 * later if the figures come back within budget. A promoted generation stays promoted (the budget on
 * every device still caps what it uploads). {@code canaryPercent} 100 means no canary.
 *
 * @param minDevices reporting devices needed before a verdict
 * @param minObservation time in canary needed before promotion
 */
public record CanaryPolicy(int minDevices, Duration minObservation) {

  /** Defaults: 3 reporting devices and 10 minutes. */
  public static final CanaryPolicy DEFAULT = new CanaryPolicy(3, Duration.ofMinutes(10));

  public CanaryPolicy {
    Objects.requireNonNull(minObservation, "minObservation");
    if (minDevices < 1) {
      throw new IllegalArgumentException("minDevices must be at least 1");
    }
  }

  /**
   * What the canary of one generation is now.
   *
   * @param rollout the rollout status to write
   * @param distributed the {@code Distributed} condition
   * @param started true when this generation's rollout starts now (record TriggerDeployed or
   *     TriggerChanged, and TriggerCanaried when it is a canary)
   * @param promoted true when the generation was promoted to every device now
   */
  public record Decision(
      DataTriggerRolloutStatus rollout, Finding distributed, boolean started, boolean promoted) {}

  /** The budget a generation is judged against. */
  public record Budget(int clipsPerDevicePerDay, long bytesPerDevicePerDay, String bytesText) {}

  /**
   * Decides the rollout of {@code generation}.
   *
   * @param previous the rollout status the trigger has, or null
   * @param stats what the release channel measured of this generation
   */
  public Decision decide(
      long generation,
      int canaryPercent,
      Budget budget,
      DataTriggerRolloutStatus previous,
      TriggerStatsSource.Stats stats,
      Instant now) {
    boolean started = previous == null || !Objects.equals(previous.getGeneration(), generation);
    DataTriggerRolloutStatus rollout =
        started
            ? (canaryPercent >= 100
                ? complete(generation, now)
                : new DataTriggerRolloutStatus()
                    .withPhase(DataTriggerRolloutStatus.CANARY)
                    .withGeneration(generation)
                    .withPercent(canaryPercent)
                    .withSince(now.toString()))
            : copy(previous);
    if (rollout.completeFor(generation)) {
      return new Decision(
          rollout, deployed(generation, stats, started && canaryPercent >= 100), started, false);
    }
    String slice =
        "generation " + generation + " runs on its " + canaryPercent + "% canary of the fleet";
    if (stats.reporting() < minDevices) {
      return new Decision(
          rollout,
          Finding.pending(
              DataTriggerStatus.DISTRIBUTED,
              DataTriggerStatus.REASON_CANARY,
              slice
                  + "; promoted to every device once at least "
                  + minDevices
                  + " devices reported it for "
                  + text(minObservation)
                  + " within budget"),
          started,
          false);
    }
    String over = overBudget(stats, budget);
    if (over != null) {
      return new Decision(
          rollout,
          Finding.failed(
              DataTriggerStatus.DISTRIBUTED,
              DataTriggerStatus.REASON_CANARY_OVER_BUDGET,
              over + "; not promoted, " + slice),
          started,
          false);
    }
    Instant since = Instant.parse(rollout.getSince());
    if (Duration.between(since, now).compareTo(minObservation) < 0) {
      return new Decision(
          rollout,
          Finding.pending(
              DataTriggerStatus.DISTRIBUTED,
              DataTriggerStatus.REASON_CANARY,
              slice
                  + "; within budget so far, promoted after "
                  + text(minObservation)
                  + " of observation (since "
                  + rollout.getSince()
                  + ")"),
          started,
          false);
    }
    DataTriggerRolloutStatus promoted = complete(generation, now);
    return new Decision(promoted, deployed(generation, stats, false), started, true);
  }

  /** Why {@code stats} exceed {@code budget}, or null when they do not. */
  static String overBudget(TriggerStatsSource.Stats stats, Budget budget) {
    if (stats.deviceDays() <= 0) {
      return null;
    }
    if (stats.firingsPerDeviceDay() > budget.clipsPerDevicePerDay()) {
      return number(stats.firingsPerDeviceDay())
          + " firings/device/day > budget "
          + budget.clipsPerDevicePerDay()
          + " (clipsPerDevicePerDay)";
    }
    if (stats.bytesPerDeviceDay() > budget.bytesPerDevicePerDay()) {
      return bytes(stats.bytesPerDeviceDay())
          + " uploaded/device/day > budget "
          + budget.bytesText()
          + " (bytesPerDevicePerDay)";
    }
    return null;
  }

  private static Finding deployed(
      long generation, TriggerStatsSource.Stats stats, boolean noCanary) {
    return Finding.satisfied(
        DataTriggerStatus.DISTRIBUTED,
        DataTriggerStatus.REASON_DEPLOYED,
        "generation "
            + generation
            + (noCanary
                ? " is served to every targeted device (canaryPercent 100: no canary)"
                : " was promoted from its canary and is served to every targeted device"));
  }

  private static DataTriggerRolloutStatus complete(long generation, Instant now) {
    return new DataTriggerRolloutStatus()
        .withPhase(DataTriggerRolloutStatus.COMPLETE)
        .withGeneration(generation)
        .withPercent(100)
        .withSince(now.toString());
  }

  private static DataTriggerRolloutStatus copy(DataTriggerRolloutStatus r) {
    return new DataTriggerRolloutStatus()
        .withPhase(r.getPhase())
        .withGeneration(r.getGeneration())
        .withPercent(r.getPercent())
        .withSince(r.getSince());
  }

  /** {@code 10m}, {@code 2s}, {@code 1h}, {@code 250ms}: how durations are written in specs. */
  static String text(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1_000 == 0) {
      return ms / 1_000 + "s";
    }
    return ms + "ms";
  }

  static String number(double v) {
    return v >= 10 || v == Math.rint(v)
        ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.1f", v);
  }

  static String bytes(double v) {
    String[] units = {"", "Ki", "Mi", "Gi", "Ti"};
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return number(v) + units[u];
  }
}
