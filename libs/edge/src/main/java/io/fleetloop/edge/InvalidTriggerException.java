package io.fleetloop.edge;

import java.util.List;

/**
 * A trigger set was refused: a condition did not compile, or two triggers share an id. Such a set
 * never reaches a device. The message names every refused trigger with its CEL errors.
 */
public final class InvalidTriggerException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final List<String> triggerIds;

  InvalidTriggerException(List<String> triggerIds, String message) {
    super(message);
    this.triggerIds = List.copyOf(triggerIds);
  }

  /** The ids of the refused triggers. */
  public List<String> triggerIds() {
    return triggerIds;
  }
}
