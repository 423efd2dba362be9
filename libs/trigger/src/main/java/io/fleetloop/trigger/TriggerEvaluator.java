package io.fleetloop.trigger;

/**
 * Evaluates a condition on one frame. Never throws: an evaluation error is {@code false} (and is
 * counted by the {@link CompiledTrigger} it came from). Thread-safe.
 */
@FunctionalInterface
public interface TriggerEvaluator {

  /**
   * Whether the condition holds on this frame. All arguments must be non-null.
   *
   * @return the condition's value; {@code false} when its evaluation failed
   */
  boolean evaluate(Frame frame, Shadow shadow, Env env, Device device);
}
