package io.fleetloop.operator.common;

import io.fleetloop.api.common.ConditionTypes;
import java.util.Objects;

/**
 * A condition a reconcile step concluded, before it is written into a status: the condition's type,
 * status, reason and message, and whether a change to it is worth a Warning event.
 *
 * <p>Steps return findings; they never touch the status or the API server themselves, so they are
 * unit-tested as plain Java.
 */
public record Finding(
    String type, String status, String reason, String message, Severity severity) {

  /** The type of the Kubernetes Event emitted when the condition changes to this finding. */
  public enum Severity {
    NORMAL("Normal"),
    WARNING("Warning");

    private final String eventType;

    Severity(String eventType) {
      this.eventType = eventType;
    }

    /** {@code Normal} or {@code Warning}, as in a core v1 Event. */
    public String eventType() {
      return eventType;
    }
  }

  public Finding {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(severity, "severity");
  }

  /** The condition holds ({@code True}): a Normal event. */
  public static Finding satisfied(String type, String reason, String message) {
    return new Finding(type, ConditionTypes.TRUE, reason, message, Severity.NORMAL);
  }

  /** The condition does not hold because something is wrong ({@code False}): a Warning event. */
  public static Finding failed(String type, String reason, String message) {
    return new Finding(type, ConditionTypes.FALSE, reason, message, Severity.WARNING);
  }

  /**
   * The condition does not hold yet, as expected ({@code False}) — for example a run that waits for
   * a scheduler: a Normal event.
   */
  public static Finding pending(String type, String reason, String message) {
    return new Finding(type, ConditionTypes.FALSE, reason, message, Severity.NORMAL);
  }

  /** True when the condition's status is {@code True}. */
  public boolean isTrue() {
    return ConditionTypes.TRUE.equals(status);
  }
}
