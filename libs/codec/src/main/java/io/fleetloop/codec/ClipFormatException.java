package io.fleetloop.codec;

/** A clip payload that cannot be read: truncated, wrong magic, unknown codec, bad shape. */
public final class ClipFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A payload problem described for a human. */
  public ClipFormatException(String message) {
    super(message);
  }

  /** A payload problem with its cause. */
  public ClipFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
