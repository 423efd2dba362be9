package io.fleetloop.ingest.core;

import io.grpc.Status;
import java.time.Duration;
import java.util.Optional;

/**
 * Why an upload is refused: the gRPC status code the device gets, a message naming the problem, and
 * (rate limit only) when to try again.
 */
public final class Refusal extends Exception {

  private static final long serialVersionUID = 1L;

  private final Status.Code code;
  private final transient Duration retryAfter;

  public Refusal(Status.Code code, String message) {
    this(code, message, null);
  }

  public Refusal(Status.Code code, String message, Duration retryAfter) {
    super(message, null, false, false);
    this.code = code;
    this.retryAfter = retryAfter;
  }

  public Status.Code code() {
    return code;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public static Refusal invalid(String message) {
    return new Refusal(Status.Code.INVALID_ARGUMENT, message);
  }
}
