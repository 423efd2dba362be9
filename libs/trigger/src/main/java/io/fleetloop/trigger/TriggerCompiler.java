package io.fleetloop.trigger;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelSource;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles DataTrigger conditions: parses and type-checks the CEL text against the four typed
 * variables ({@link TriggerVariables}), requires a {@code bool} result, and prepares both engines
 * (see {@link CompiledTrigger}). Thread-safe; build one and reuse it.
 *
 * <p>{@link #compile(String)} never throws: a condition that does not compile comes back as {@link
 * CompileResult.Rejected} with every error's position and message.
 *
 * <p>CEL options: the standard library and macros ({@code has}, {@code all}, {@code exists}, ...);
 * ints and doubles may be ordered against each other ({@code frame.speedMps > 30}); int overflow is
 * an error; a comprehension runs at most {@value #MAX_ITERATIONS} iterations.
 */
public final class TriggerCompiler {

  /** The longest condition accepted, in characters (Unicode code points), as the CRD allows. */
  public static final int MAX_LENGTH = 4096;

  static final int MAX_ITERATIONS = 10_000;

  static final CelOptions OPTIONS =
      CelOptions.current()
          .enableHeterogeneousNumericComparisons(true)
          .errorOnIntWrap(true)
          .maxExpressionCodePointSize(MAX_LENGTH)
          .comprehensionMaxIterations(MAX_ITERATIONS)
          .build();

  private final CelCompiler compiler;
  private final CelRuntime runtime;
  private final boolean fastPath;

  private TriggerCompiler(boolean fastPath) {
    CelCompilerBuilder builder =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .setTypeProvider(TriggerVariables.typeProvider())
            .setResultType(SimpleType.BOOL);
    for (TriggerVariables.Variable v : TriggerVariables.all()) {
      builder.addVar(v.name(), TriggerVariables.structType(v));
    }
    this.compiler = builder.build();
    this.runtime = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();
    this.fastPath = fastPath;
  }

  /** A compiler whose triggers use the fast path wherever it applies. */
  public static TriggerCompiler create() {
    return new TriggerCompiler(true);
  }

  /**
   * A compiler whose triggers always run on the cel-java interpreter: the reference semantics, for
   * comparison or as a switch-off for the fast path.
   */
  public static TriggerCompiler interpreterOnly() {
    return new TriggerCompiler(false);
  }

  /**
   * Compiles {@code condition}. Never throws.
   *
   * @return {@link CompileResult.Compiled}, or {@link CompileResult.Rejected} with the errors in
   *     source order
   */
  public CompileResult compile(String condition) {
    String text = condition == null ? "" : condition;
    if (text.isBlank()) {
      return rejected(
          text,
          CompileError.withoutPosition(
              "the condition is empty; write a CEL expression over frame, shadow, env and device,"
                  + " e.g. frame.takeover || shadow.disagreement > 0.3"));
    }
    int length = text.codePointCount(0, text.length());
    if (length > MAX_LENGTH) {
      return rejected(
          text,
          Diagnostics.at(
              CelSource.newBuilder(text).build(),
              MAX_LENGTH,
              "the condition is "
                  + length
                  + " characters long; the limit is "
                  + MAX_LENGTH
                  + " (split it into several triggers)"));
    }
    try {
      return compileChecked(text);
    } catch (RuntimeException | StackOverflowError e) {
      return rejected(
          text, CompileError.withoutPosition("the condition could not be compiled: " + e));
    }
  }

  private CompileResult compileChecked(String text) {
    CelValidationResult result = compiler.compile(text);
    if (result.hasError()) {
      List<CompileError> errors = new ArrayList<>();
      for (CelIssue issue : result.getErrors()) {
        errors.add(Diagnostics.fromIssue(issue, result.getSource(), text));
      }
      return rejected(text, errors);
    }
    CelAbstractSyntaxTree ast;
    try {
      ast = result.getAst();
    } catch (CelValidationException e) {
      return rejected(text, CompileError.withoutPosition(e.getMessage()));
    }
    List<CompileError> errors = Diagnostics.validate(ast);
    if (!errors.isEmpty()) {
      return rejected(text, errors);
    }
    Condition interpreter;
    try {
      interpreter = new Interpreter(runtime.createProgram(ast));
    } catch (CelEvaluationException e) {
      return rejected(text, CompileError.withoutPosition(e.getMessage()));
    }
    if (!fastPath) {
      return compiled(text, interpreter, null, "the fast path is switched off");
    }
    try {
      return compiled(text, interpreter, FastPath.compile(ast), null);
    } catch (FastPath.Unsupported e) {
      return compiled(text, interpreter, null, e.getMessage());
    } catch (RuntimeException e) {
      return compiled(text, interpreter, null, "fast path failed: " + e);
    }
  }

  private static CompileResult compiled(
      String text, Condition interpreter, Condition fast, String fallbackReason) {
    return new CompileResult.Compiled(new CompiledTrigger(text, interpreter, fast, fallbackReason));
  }

  private static CompileResult rejected(String text, CompileError error) {
    return rejected(text, List.of(error));
  }

  private static CompileResult rejected(String text, List<CompileError> errors) {
    return new CompileResult.Rejected(text, errors);
  }
}
