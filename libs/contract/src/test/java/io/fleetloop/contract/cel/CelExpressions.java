package io.fleetloop.contract.cel;

import dev.cel.bundle.Cel;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.runtime.CelEvaluationException;
import io.fleetloop.contract.TestYaml;
import io.fleetloop.contract.crd.Schema;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Compiles and evaluates one CEL expression in the checker's environment, for unit tests. */
final class CelExpressions {

  private CelExpressions() {}

  /** Evaluates {@code expr} with {@code self} of the schema's type bound to {@code self}. */
  static Object eval(String expr, String selfSchema, Object self) throws CelEvaluationException {
    Cel cel = environment(selfSchema);
    try {
      CelAbstractSyntaxTree ast =
          KubernetesListsLibrary.resolveDynamicDispatch(cel.compile(expr).getAst());
      Map<String, Object> vars = new HashMap<>();
      vars.put("self", self);
      vars.put("oldSelf", Optional.empty());
      return cel.createProgram(ast).eval(vars);
    } catch (CelValidationException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Evaluates an expression that does not use {@code self}. */
  static Object eval(String expr) throws CelEvaluationException {
    return eval(expr, "{type: integer}", 0L);
  }

  /** The compile error of {@code expr}, or empty when it compiles. */
  static Optional<String> compileError(String expr) {
    try {
      environment("{type: integer}").compile(expr).getAst();
      return Optional.empty();
    } catch (CelValidationException e) {
      return Optional.of(e.getMessage());
    }
  }

  private static Cel environment(String selfSchema) {
    Schema schema = Schema.parse(TestYaml.parse(selfSchema));
    SchemaCelTypes types = new SchemaCelTypes("Self", schema);
    return CelEnvironment.forRules(types.typeOf(schema).orElseThrow(), types.provider(), false);
  }
}
