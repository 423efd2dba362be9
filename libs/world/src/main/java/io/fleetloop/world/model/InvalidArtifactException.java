package io.fleetloop.world.model;

/**
 * A model artifact that cannot be trusted: wrong magic or format, bad shapes, or a digest mismatch.
 */
public final class InvalidArtifactException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidArtifactException(String message) {
    super(message);
  }

  public InvalidArtifactException(String message, Throwable cause) {
    super(message, cause);
  }
}
