package io.fleetloop.api.common;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Sets conditions the Kubernetes way: {@code lastTransitionTime} changes only when the status
 * changes, and a condition that did not change is left alone so that status writes can be skipped.
 */
public final class Conditions {

  private Conditions() {}

  /**
   * Sets (adds or replaces) the condition of {@code type} on {@code status}.
   *
   * @return true when anything about the condition changed
   */
  public static boolean set(
      FleetloopStatus status,
      String type,
      String conditionStatus,
      String reason,
      String message,
      long generation,
      Instant now) {
    List<Condition> conditions = status.getConditions();
    Condition existing =
        conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    if (existing != null
        && Objects.equals(existing.getStatus(), conditionStatus)
        && Objects.equals(existing.getReason(), reason)
        && Objects.equals(existing.getMessage(), message)
        && Objects.equals(existing.getObservedGeneration(), generation)) {
      return false;
    }
    String transition =
        existing != null && Objects.equals(existing.getStatus(), conditionStatus)
            ? existing.getLastTransitionTime()
            : now.toString();
    Condition updated =
        new Condition()
            .withType(type)
            .withStatus(conditionStatus)
            .withReason(reason)
            .withMessage(message)
            .withObservedGeneration(generation)
            .withLastTransitionTime(transition);
    if (existing != null) {
      conditions.set(conditions.indexOf(existing), updated);
    } else {
      conditions.add(updated);
    }
    return true;
  }

  /** Removes the condition of {@code type}; returns true when one was removed. */
  public static boolean remove(FleetloopStatus status, String type) {
    return status.getConditions().removeIf(c -> type.equals(c.getType()));
  }

  /** True when the condition of {@code type} is present with status True. */
  public static boolean isTrue(FleetloopStatus status, String type) {
    return status != null
        && status.condition(type).map(c -> ConditionTypes.TRUE.equals(c.getStatus())).orElse(false);
  }
}
