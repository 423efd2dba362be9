package io.fleetloop.trigger;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The result of {@link TriggerCompiler#compile(String)}: either {@link Compiled} with a trigger
 * ready to evaluate, or {@link Rejected} with the errors. Compilation never throws.
 */
public sealed interface CompileResult permits CompileResult.Compiled, CompileResult.Rejected {

  /** True when the condition compiled. */
  boolean ok();

  /** The trigger, when the condition compiled. */
  Optional<CompiledTrigger> trigger();

  /** The errors, in source order; empty when the condition compiled. */
  List<CompileError> errors();

  /** All errors, one {@link CompileError#toString()} each, separated by blank lines. */
  default String message() {
    return errors().stream().map(CompileError::toString).collect(Collectors.joining("\n\n"));
  }

  /**
   * The trigger; for callers that have validated the condition before.
   *
   * @throws IllegalArgumentException with {@link #message()} when the condition did not compile
   */
  default CompiledTrigger orElseThrow() {
    return trigger().orElseThrow(() -> new IllegalArgumentException(message()));
  }

  /** The condition compiled. */
  record Compiled(CompiledTrigger compiled) implements CompileResult {
    @Override
    public boolean ok() {
      return true;
    }

    @Override
    public Optional<CompiledTrigger> trigger() {
      return Optional.of(compiled);
    }

    @Override
    public List<CompileError> errors() {
      return List.of();
    }
  }

  /** The condition did not compile; {@code errors} is never empty. */
  record Rejected(String condition, List<CompileError> errors) implements CompileResult {
    public Rejected {
      errors = List.copyOf(errors);
      if (errors.isEmpty()) {
        throw new IllegalArgumentException("a rejected condition needs at least one error");
      }
    }

    @Override
    public boolean ok() {
      return false;
    }

    @Override
    public Optional<CompiledTrigger> trigger() {
      return Optional.empty();
    }
  }
}
