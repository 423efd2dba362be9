package io.fleetloop.dataset;

/** A dataset manifest could not be trusted: its digest differs from its id, or it is malformed. */
public class InvalidManifestException extends RuntimeException {
  /** With a message naming what is wrong. */
  public InvalidManifestException(String message) {
    super(message);
  }

  /** With a message and the parse error. */
  public InvalidManifestException(String message, Throwable cause) {
    super(message, cause);
  }
}
