package io.fleetloop.trigger;

/**
 * A condition as an engine runs it. May throw {@link EvaluationException} (or, on a defect, any
 * runtime exception); {@link CompiledTrigger} turns both into {@code false} plus a counted error.
 */
@FunctionalInterface
interface Condition {
  boolean eval(Frame f, Shadow s, Env e, Device d);
}
