package io.fleetloop.audit.client;

/** What an append did. */
public enum Outcome {
  /** A new event was appended. */
  APPENDED,
  /** The idempotency key was already used for this event: nothing appended. */
  DUPLICATE,
  /** A condition already in that state: nothing appended. */
  UNCHANGED,
  /** Refused (batch results and recorders only; see the error code and message). */
  REJECTED
}
