package io.fleetloop.audit.client;

/**
 * An audit call that failed. {@code code} is the gRPC status code name: {@code INVALID_ARGUMENT},
 * {@code FAILED_PRECONDITION}, {@code ABORTED} (version conflict), {@code ALREADY_EXISTS}, {@code
 * UNAVAILABLE} (after the retries), ...
 */
public class AuditException extends RuntimeException {
  private final String code;

  public AuditException(String code, String message, Throwable cause) {
    super(code + ": " + message, cause);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
