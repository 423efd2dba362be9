package io.fleetloop.trigger;

/** A condition's value on one input, with evaluation errors kept apart from {@code false}. */
public enum Outcome {
  TRUE,
  FALSE,
  /** Evaluation failed (integer overflow, a missing label, ...); the trigger does not fire. */
  ERROR;

  static Outcome of(boolean value) {
    return value ? TRUE : FALSE;
  }
}
