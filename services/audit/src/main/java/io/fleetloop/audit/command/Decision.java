package io.fleetloop.audit.command;

/** What a command handler decided: append the event, or nothing to append. */
public enum Decision {
  APPENDED,
  /** A condition already in that state. */
  UNCHANGED
}
