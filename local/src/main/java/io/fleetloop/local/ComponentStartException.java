package io.fleetloop.local;

/** A component did not become ready; the message says why and where its log is. */
public class ComponentStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ComponentStartException(String message) {
    super(message);
  }

  public ComponentStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
