package io.fleetloop.operator.datatrigger;

import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.DataTriggerStatus;
import io.fleetloop.operator.common.Finding;
import io.fleetloop.trigger.CompileError;
import io.fleetloop.trigger.CompileResult;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compiles a DataTrigger's {@code spec.condition} (libs/trigger) into the {@code Compiled}
 * condition, and {@code Ready} that follows it.
 *
 * <p>Compiling is all the operator does with a trigger in this release: it does not distribute
 * triggers to devices, so it never sets {@code Distributed} and fills no device, firing or upload
 * figures.
 */
public final class TriggerCompilation {

  /** Compiled=True. */
  public static final String COMPILED = DataTriggerStatus.REASON_COMPILED;

  /** Compiled=False: the CEL error and its line:column. */
  public static final String COMPILE_ERROR = DataTriggerStatus.REASON_COMPILE_ERROR;

  private final Function<String, CompileResult> compiler;

  /** Compiles with {@code compiler}, e.g. {@code TriggerCompiler.create()::compile}. */
  public TriggerCompilation(Function<String, CompileResult> compiler) {
    this.compiler = compiler;
  }

  /** The two conditions a compilation yields. */
  public record Outcome(Finding compiled, Finding ready) {}

  /** Compiles {@code condition}. */
  public Outcome compile(String condition) {
    CompileResult result = compiler.apply(condition);
    if (result.ok()) {
      String message = "the condition compiled (CEL, evaluates to bool)";
      return new Outcome(
          Finding.satisfied(DataTriggerStatus.COMPILED, COMPILED, message),
          Finding.satisfied(ConditionTypes.READY, COMPILED, message));
    }
    String message =
        "the condition does not compile: "
            + result.errors().stream().map(CompileError::summary).collect(Collectors.joining("; "));
    return new Outcome(
        Finding.failed(DataTriggerStatus.COMPILED, COMPILE_ERROR, message),
        Finding.failed(ConditionTypes.READY, COMPILE_ERROR, message));
  }
}
