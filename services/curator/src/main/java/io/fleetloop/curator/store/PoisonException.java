package io.fleetloop.curator.store;

import io.fleetloop.curator.core.PoisonReason;

/** A message cannot be curated, for {@link #reason()}. */
public class PoisonException extends Exception {
  private final PoisonReason reason;

  /** With the reason and a message naming the clip. */
  public PoisonException(PoisonReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** Why. */
  public PoisonReason reason() {
    return reason;
  }
}
