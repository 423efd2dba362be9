package io.fleetloop.api.common;

/**
 * Condition types shared by every kind. Kind-specific types sit on each kind's status class (for
 * example {@code DataTriggerStatus.COMPILED}).
 */
public final class ConditionTypes {

  /**
   * The operator accepted the spec, every reference resolves and nothing blocks the resource. The
   * other conditions say what the resource is doing.
   */
  public static final String READY = "Ready";

  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  private ConditionTypes() {}
}
