package io.fleetloop.contract.cel;

import dev.cel.bundle.Cel;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.fleetloop.contract.CrdProblem;
import io.fleetloop.contract.CrdProblem.Severity;
import io.fleetloop.contract.crd.Crd;
import io.fleetloop.contract.crd.Schema;
import io.fleetloop.contract.crd.SchemaPaths;
import io.fleetloop.contract.crd.ValidationRule;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles the {@code x-kubernetes-validations} of a CRD version as the API server does when the
 * CRD is created, and reports what it would reject: a rule that does not compile or does not return
 * a bool, a {@code messageExpression} that does not return a string, an unknown {@code reason}, a
 * {@code fieldPath} that names no field, a message with line breaks. Also adds the {@link
 * CostHints} as warnings.
 */
public final class RuleCompiler {

  private static final Set<String> REASONS =
      Set.of(
          "FieldValueInvalid", "FieldValueForbidden", "FieldValueRequired", "FieldValueDuplicate");

  private final Crd crd;
  private final Crd.Version version;
  private final SchemaPaths paths;
  private final SchemaCelTypes types;
  private final Map<Schema, List<CompiledRule>> rules = new IdentityHashMap<>();
  private final Map<Schema, List<String>> broken = new IdentityHashMap<>();
  private final List<CrdProblem> problems = new ArrayList<>();

  private RuleCompiler(Crd crd, Crd.Version version) {
    this.crd = crd;
    this.version = version;
    this.paths = new SchemaPaths(version.schema());
    this.types = new SchemaCelTypes(crd.kind(), version.schema());
  }

  public static CompiledRules compile(Crd crd, Crd.Version version) {
    RuleCompiler compiler = new RuleCompiler(crd, version);
    compiler.paths.nodes().forEach((path, node) -> compiler.compileNode(path, node));
    return new CompiledRules(compiler.rules, compiler.broken, List.copyOf(compiler.problems));
  }

  private void compileNode(String path, Schema node) {
    if (node.rules().isEmpty()) {
      return;
    }
    Optional<CelType> selfType = types.typeOf(node);
    List<CompiledRule> compiled = new ArrayList<>();
    Cel plain = null;
    Cel withOptionalOldSelf = null;
    for (int i = 0; i < node.rules().size(); i++) {
      ValidationRule rule = node.rules().get(i);
      String location = "x-kubernetes-validations[" + i + "]";
      if (selfType.isEmpty()) {
        fail(node, path, location, rule, "the node has no type, so rules cannot see it");
        continue;
      }
      Cel cel;
      if (rule.optionalOldSelf()) {
        withOptionalOldSelf =
            withOptionalOldSelf != null
                ? withOptionalOldSelf
                : CelEnvironment.forRules(selfType.get(), types.provider(), true);
        cel = withOptionalOldSelf;
      } else {
        plain =
            plain != null
                ? plain
                : CelEnvironment.forRules(selfType.get(), types.provider(), false);
        cel = plain;
      }
      compileRule(node, path, location, i, rule, cel).ifPresent(compiled::add);
    }
    rules.put(node, List.copyOf(compiled));
  }

  private Optional<CompiledRule> compileRule(
      Schema node, String path, String location, int index, ValidationRule rule, Cel cel) {
    if (rule.rule() == null || rule.rule().isBlank()) {
      fail(node, path, location + ".rule", rule, "rule: Required value");
      return Optional.empty();
    }
    boolean ok = checkMetadata(node, path, location, rule);
    CelAbstractSyntaxTree ast;
    try {
      ast = cel.compile(rule.rule()).getAst();
    } catch (CelValidationException e) {
      fail(node, path, location + ".rule", rule, "compilation failed: " + e.getMessage());
      return Optional.empty();
    }
    if (ast.getResultType().kind() != CelKind.BOOL) {
      fail(
          node,
          path,
          location + ".rule",
          rule,
          "cel expression must evaluate to a bool, not " + ast.getResultType().name());
      return Optional.empty();
    }
    boolean transition = usesOldSelf(ast.getExpr());
    if (rule.optionalOldSelf() && !transition) {
      fail(
          node,
          path,
          location + ".optionalOldSelf",
          rule,
          "may not be set if rule does not use oldSelf");
      ok = false;
    }
    CelRuntime.Program messageProgram = null;
    if (rule.messageExpression() != null) {
      messageProgram = compileMessage(node, path, location, rule, cel);
      ok &= messageProgram != null;
    }
    RuleFieldPath fieldPath = null;
    if (rule.fieldPath() != null) {
      try {
        fieldPath = RuleFieldPath.parse(rule.fieldPath(), node);
      } catch (IllegalArgumentException e) {
        fail(node, path, location + ".fieldPath", rule, "fieldPath " + e.getMessage());
        ok = false;
      }
    }
    for (CostHints.Hint hint : CostHints.of(ast, rule.rule(), node, paths)) {
      problems.add(
          new CrdProblem(
              Severity.WARNING,
              crd.name(),
              version.name(),
              hint.field(),
              hint.keyword(),
              hint.message()));
    }
    if (!ok) {
      return Optional.empty();
    }
    try {
      CelRuntime.Program program =
          cel.createProgram(KubernetesListsLibrary.resolveDynamicDispatch(ast));
      return Optional.of(
          new CompiledRule(index, rule, program, messageProgram, transition, fieldPath));
    } catch (CelEvaluationException e) {
      fail(node, path, location + ".rule", rule, "cannot be planned: " + e.getMessage());
      return Optional.empty();
    }
  }

  private boolean checkMetadata(Schema node, String path, String location, ValidationRule rule) {
    boolean ok = true;
    if (rule.message() != null) {
      if (rule.message().isBlank()) {
        fail(node, path, location + ".message", rule, "message must be non-empty if specified");
        ok = false;
      } else if (rule.message().contains("\n") || rule.message().contains("\r")) {
        fail(node, path, location + ".message", rule, "message must not contain line breaks");
        ok = false;
      }
    }
    if (rule.reason() != null && !REASONS.contains(rule.reason())) {
      fail(
          node,
          path,
          location + ".reason",
          rule,
          "Unsupported value: \""
              + rule.reason()
              + "\": supported values: \"FieldValueDuplicate\", \"FieldValueForbidden\","
              + " \"FieldValueInvalid\", \"FieldValueRequired\"");
      ok = false;
    }
    return ok;
  }

  private CelRuntime.Program compileMessage(
      Schema node, String path, String location, ValidationRule rule, Cel cel) {
    try {
      CelAbstractSyntaxTree ast = cel.compile(rule.messageExpression()).getAst();
      if (ast.getResultType().kind() != CelKind.STRING) {
        fail(
            node,
            path,
            location + ".messageExpression",
            rule,
            "messageExpression must evaluate to a string, not " + ast.getResultType().name());
        return null;
      }
      return cel.createProgram(KubernetesListsLibrary.resolveDynamicDispatch(ast));
    } catch (CelValidationException | CelEvaluationException e) {
      fail(
          node,
          path,
          location + ".messageExpression",
          rule,
          "messageExpression compilation failed: " + e.getMessage());
      return null;
    }
  }

  private void fail(Schema node, String path, String location, ValidationRule rule, String why) {
    String message = "rule \"" + String.valueOf(rule.rule()).strip() + "\": " + why;
    problems.add(
        new CrdProblem(Severity.ERROR, crd.name(), version.name(), path, location, message));
    broken.computeIfAbsent(node, n -> new ArrayList<>()).add(message);
  }

  private static boolean usesOldSelf(CelExpr e) {
    return switch (e.getKind()) {
      case IDENT -> e.ident().name().equals("oldSelf");
      case SELECT -> usesOldSelf(e.select().operand());
      case CALL ->
          e.call().target().map(RuleCompiler::usesOldSelf).orElse(false)
              || e.call().args().stream().anyMatch(RuleCompiler::usesOldSelf);
      case LIST -> e.list().elements().stream().anyMatch(RuleCompiler::usesOldSelf);
      case MAP ->
          e.map().entries().stream().anyMatch(x -> usesOldSelf(x.key()) || usesOldSelf(x.value()));
      case STRUCT -> e.struct().entries().stream().anyMatch(x -> usesOldSelf(x.value()));
      case COMPREHENSION -> {
        var c = e.comprehension();
        yield usesOldSelf(c.iterRange())
            || usesOldSelf(c.accuInit())
            || usesOldSelf(c.loopCondition())
            || usesOldSelf(c.loopStep())
            || usesOldSelf(c.result());
      }
      default -> false;
    };
  }
}
