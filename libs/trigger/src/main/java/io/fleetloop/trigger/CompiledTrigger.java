package io.fleetloop.trigger;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * A checked DataTrigger condition, ready to evaluate on every frame. Thread-safe; build it once per
 * trigger with {@link TriggerCompiler#compile(String)}.
 *
 * <p>{@link #evaluate} runs the {@linkplain Engine#FAST_PATH fast path} when the condition uses
 * only what it covers (literals, fields, comparisons, logic, arithmetic, {@code in} on list
 * literals, labels, {@code has()}; see {@link #fallbackReason()} otherwise) and the cel-java
 * {@linkplain Engine#INTERPRETER interpreter} for the rest. Both give the same answer on every
 * input.
 *
 * <p>It never throws: an evaluation error (int overflow, a missing label, ...) makes the condition
 * false, adds one to {@link #errorCount()} and is kept as {@link #lastError()}, so a faulty trigger
 * shows up in the device's report instead of stopping its frame loop.
 */
public final class CompiledTrigger implements TriggerEvaluator {

  private final String condition;
  private final Condition interpreter;
  private final Condition fastPath;
  private final String fallbackReason;
  private final Condition preferred;
  private final LongAdder errors = new LongAdder();
  private volatile String lastError;

  CompiledTrigger(
      String condition, Condition interpreter, Condition fastPath, String fallbackReason) {
    this.condition = Objects.requireNonNull(condition);
    this.interpreter = Objects.requireNonNull(interpreter);
    this.fastPath = fastPath;
    this.fallbackReason = fastPath == null ? Objects.requireNonNull(fallbackReason) : null;
    this.preferred = fastPath != null ? fastPath : interpreter;
  }

  /** The condition's source text. */
  public String condition() {
    return condition;
  }

  /** The engine {@link #evaluate} uses. */
  public Engine engine() {
    return fastPath != null ? Engine.FAST_PATH : Engine.INTERPRETER;
  }

  /**
   * Why {@link #evaluate} runs on the interpreter, e.g. {@code "function 'startsWith' at 1:10"};
   * empty when it runs on the fast path.
   */
  public Optional<String> fallbackReason() {
    return Optional.ofNullable(fallbackReason);
  }

  /** Evaluates on {@link #engine()}; {@code false} (and a counted error) when evaluation fails. */
  @Override
  public boolean evaluate(Frame frame, Shadow shadow, Env env, Device device) {
    try {
      return preferred.eval(frame, shadow, env, device);
    } catch (RuntimeException error) {
      record(error);
      return false;
    }
  }

  /**
   * An evaluator bound to one engine — for comparing engines and for benchmarks. Errors are counted
   * as with {@link #evaluate}.
   *
   * @throws IllegalStateException for {@link Engine#FAST_PATH} when the condition runs on the
   *     interpreter
   */
  public TriggerEvaluator evaluator(Engine engine) {
    Condition c = condition(engine);
    return (frame, shadow, env, device) -> {
      try {
        return c.eval(frame, shadow, env, device);
      } catch (RuntimeException error) {
        record(error);
        return false;
      }
    };
  }

  /**
   * The condition's value on one input with an error kept apart from {@code false}; a diagnostic
   * (dry runs, tests) that does not touch {@link #errorCount()}.
   *
   * @throws IllegalStateException for {@link Engine#FAST_PATH} when the condition runs on the
   *     interpreter
   */
  public Outcome outcome(Engine engine, Frame frame, Shadow shadow, Env env, Device device) {
    Condition c = condition(engine);
    try {
      return Outcome.of(c.eval(frame, shadow, env, device));
    } catch (RuntimeException error) {
      return Outcome.ERROR;
    }
  }

  /** Evaluations that failed (and so counted as false) since this trigger was compiled. */
  public long errorCount() {
    return errors.sum();
  }

  /** The latest evaluation error's message, e.g. {@code no such key: device.labels['fleet']}. */
  public Optional<String> lastError() {
    return Optional.ofNullable(lastError);
  }

  @Override
  public String toString() {
    return "CompiledTrigger[" + engine() + "] " + condition;
  }

  private Condition condition(Engine engine) {
    if (engine == Engine.INTERPRETER) {
      return interpreter;
    }
    if (fastPath == null) {
      throw new IllegalStateException("no fast path for this condition: " + fallbackReason);
    }
    return fastPath;
  }

  private void record(RuntimeException error) {
    errors.increment();
    lastError =
        error instanceof EvaluationException
            ? error.getMessage()
            : "internal error: " + error; // a defect in an engine, not in the condition
  }
}
