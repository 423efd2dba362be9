package io.fleetloop.trigger;

/**
 * A CEL evaluation error inside an engine (overflow, division by zero, missing map key). Never
 * leaves {@link CompiledTrigger}; carries no stack trace, so raising one is cheap.
 */
final class EvaluationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  EvaluationException(String message) {
    super(message, null, false, false);
  }
}
