package io.fleetloop.operator.common;

import java.util.Objects;

/**
 * A condition whose status, reason or message changed in one reconciliation.
 *
 * @param previousStatus the status before, or {@code null} when the condition is new
 * @param previousReason the reason before, or {@code null} when the condition is new
 * @param finding the condition now
 */
public record Transition(String previousStatus, String previousReason, Finding finding) {

  /** True when the condition's status or reason changed (or the condition is new). */
  public boolean statusOrReasonChanged() {
    return !Objects.equals(finding.status(), previousStatus)
        || !Objects.equals(finding.reason(), previousReason);
  }
}
