package io.fleetloop.audit.command;

/**
 * An aggregate refused a fact. {@code code} says why in gRPC terms: {@code INVALID_ARGUMENT} (the
 * event is malformed), {@code FAILED_PRECONDITION} (the resource's lifecycle does not allow it now:
 * out of order, stale, already done), {@code ABORTED} (the writer's expected version is not the
 * stream's).
 */
public class EventRejectedException extends RuntimeException {

  /** Why an event was refused. */
  public enum Code {
    INVALID_ARGUMENT,
    FAILED_PRECONDITION,
    ABORTED
  }

  private final Code code;

  public EventRejectedException(Code code, String message) {
    super(message);
    this.code = code;
  }

  public Code code() {
    return code;
  }

  static EventRejectedException invalid(String message) {
    return new EventRejectedException(Code.INVALID_ARGUMENT, message);
  }

  static EventRejectedException precondition(String message) {
    return new EventRejectedException(Code.FAILED_PRECONDITION, message);
  }
}
