package io.fleetloop.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.contract.CrdProblem.Severity;
import io.fleetloop.contract.cel.RuleEvaluator;
import io.fleetloop.contract.crd.Crd;
import io.fleetloop.contract.crd.Schema;
import io.fleetloop.contract.crd.SchemaPaths;
import io.fleetloop.contract.schema.FieldPath;
import io.fleetloop.contract.schema.SchemaValidator;
import io.fleetloop.contract.schema.StructuralDefaulting;
import io.fleetloop.contract.schema.StructuralPruning;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks the API server makes on a CRD's schema before it accepts the CRD (the structural
 * schema rules, defaults that validate against their own schema, printer column types), plus
 * warnings for keywords this checker does not evaluate.
 */
final class CrdChecks {

  private static final Set<String> COLUMN_TYPES =
      Set.of("integer", "number", "string", "boolean", "date");

  private final Crd crd;
  private final Crd.Version version;
  private final RuleEvaluator rules;
  private final List<CrdProblem> problems = new ArrayList<>();

  private CrdChecks(Crd crd, Crd.Version version, RuleEvaluator rules) {
    this.crd = crd;
    this.version = version;
    this.rules = rules;
  }

  static List<CrdProblem> check(Crd crd, Crd.Version version, RuleEvaluator rules) {
    CrdChecks checks = new CrdChecks(crd, version, rules);
    for (Map.Entry<String, Schema> node : new SchemaPaths(version.schema()).nodes().entrySet()) {
      checks.checkNode(node.getKey(), node.getValue());
    }
    checks.checkColumns();
    return List.copyOf(checks.problems);
  }

  private void checkNode(String path, Schema s) {
    boolean root = path.isEmpty();
    if (s.type() == null && !s.intOrString() && !s.preserveUnknownFields() && !root) {
      error(path, "type", "Required value: must not be empty in a structural schema");
    }
    if (!s.properties().isEmpty() && s.additionalProperties() != null) {
      error(
          path,
          "additionalProperties",
          "additionalProperties and properties are mutually exclusive");
    }
    if (s.isType("array") && s.items() == null) {
      error(path, "items", "Required value: must be specified for type array");
    }
    if (s.uniqueItems()) {
      error(
          path,
          "uniqueItems",
          "uniqueItems cannot be set to true since the runtime complexity becomes quadratic;"
              + " use x-kubernetes-list-type: set or map");
    }
    if (s.patternError() != null) {
      error(path, "pattern", "Invalid value: '" + s.pattern() + "': " + s.patternError());
    }
    if ("map".equals(s.listType()) && s.listMapKeys().isEmpty()) {
      error(path, "x-kubernetes-list-map-keys", "Required value: must be set for list type map");
    }
    for (String keyword : s.unevaluatedKeywords()) {
      problems.add(
          new CrdProblem(
              Severity.WARNING,
              crd.name(),
              version.name(),
              path,
              keyword,
              keyword + " is enforced by the API server but not evaluated by fleetloop-contract"));
    }
    if (s.defaultValue() != null) {
      checkDefault(path, s);
    }
  }

  private void checkDefault(String path, Schema s) {
    JsonNode value = s.defaultValue().deepCopy();
    FieldPath at = FieldPath.of(path.replace("[*]", "[0]"));
    List<Violation> violations = new ArrayList<>();
    StructuralPruning.prune(value, s, at, violations);
    StructuralDefaulting.apply(value, s);
    SchemaValidator.validate(value, s, at, violations);
    if (violations.isEmpty()) {
      rules.validate(value, s, at, violations);
    }
    for (Violation v : violations) {
      error(path, "default", "Invalid value: " + Violation.render(s.defaultValue()) + ": " + v);
    }
  }

  private void checkColumns() {
    for (Crd.PrinterColumn column : version.printerColumns()) {
      if (!COLUMN_TYPES.contains(column.type())) {
        error(
            "",
            "additionalPrinterColumns[" + column.name() + "].type",
            "Unsupported value: \"" + column.type() + "\": supported values: " + COLUMN_TYPES);
      }
      if (!column.jsonPath().startsWith(".")) {
        error(
            "",
            "additionalPrinterColumns[" + column.name() + "].jsonPath",
            "must be a simple JSON path starting with '.'");
      }
    }
  }

  private void error(String path, String location, String message) {
    problems.add(
        new CrdProblem(Severity.ERROR, crd.name(), version.name(), path, location, message));
  }
}
