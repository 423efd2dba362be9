package io.fleetloop.trigger;

/** How a {@link CompiledTrigger} evaluates its condition. */
public enum Engine {
  /**
   * The cel-java interpreter over the checked expression: the reference semantics, every CEL
   * feature, about a microsecond and a few KB of garbage per evaluation.
   */
  INTERPRETER,
  /**
   * The checked expression compiled once into a tree of Java closures over the typed records: tens
   * of nanoseconds and no allocation per evaluation, for the operators conditions use (see {@link
   * CompiledTrigger}). Agrees with {@link #INTERPRETER} on every input.
   */
  FAST_PATH
}
