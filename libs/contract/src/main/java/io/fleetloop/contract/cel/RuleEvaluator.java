package io.fleetloop.contract.cel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.runtime.CelEvaluationException;
import io.fleetloop.contract.Violation;
import io.fleetloop.contract.Violation.Type;
import io.fleetloop.contract.crd.Schema;
import io.fleetloop.contract.schema.FieldPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the compiled rules over a value the way the API server's CEL validator does: each node's
 * rules with {@code self} bound to the node's value, only where the value is present and not null;
 * transition rules ({@code oldSelf}) are skipped, as on create, unless they set {@code
 * optionalOldSelf}.
 */
public final class RuleEvaluator {

  private static final int MAX_MESSAGE_LENGTH = 5000;

  private final CompiledRules rules;

  public RuleEvaluator(CompiledRules rules) {
    this.rules = rules;
  }

  /** Evaluates every rule in a resource (already pruned and defaulted). */
  public void validateResource(JsonNode resource, Schema root, List<Violation> out) {
    walk(resource, root, FieldPath.root(), true, out);
  }

  /** Evaluates every rule at and below {@code path}. */
  public void validate(JsonNode value, Schema schema, FieldPath path, List<Violation> out) {
    walk(value, schema, path, schema.embeddedResource(), out);
  }

  private void walk(
      JsonNode value, Schema schema, FieldPath path, boolean resource, List<Violation> out) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return;
    }
    for (String why : rules.brokenAt(schema)) {
      out.add(new Violation(path.toString(), Type.INTERNAL, null, why, "x-kubernetes-validations"));
    }
    List<CompiledRule> here = rules.at(schema);
    if (!here.isEmpty()) {
      evaluate(here, value, schema, path, resource, out);
    }
    if (value.isObject()) {
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        if (resource && field.getKey().equals("metadata")) {
          continue;
        }
        Schema property = schema.properties().get(field.getKey());
        if (property != null) {
          walk(
              field.getValue(),
              property,
              path.child(field.getKey()),
              property.embeddedResource(),
              out);
        } else if (schema.additionalProperties() != null) {
          Schema values = schema.additionalProperties();
          walk(field.getValue(), values, path.key(field.getKey()), values.embeddedResource(), out);
        }
      }
    } else if (value.isArray() && schema.items() != null) {
      for (int i = 0; i < value.size(); i++) {
        walk(value.get(i), schema.items(), path.index(i), schema.items().embeddedResource(), out);
      }
    }
  }

  private void evaluate(
      List<CompiledRule> here,
      JsonNode value,
      Schema schema,
      FieldPath path,
      boolean resource,
      List<Violation> out) {
    Optional<Object> self;
    try {
      self = CelValues.of(value, schema, resource);
    } catch (IllegalArgumentException e) {
      return; // a type error, already reported by the schema validation
    }
    if (self.isEmpty()) {
      return;
    }
    Map<String, Object> activation = new HashMap<>();
    activation.put("self", self.get());
    activation.put("oldSelf", Optional.empty());
    String typeShown = Violation.quote(schema.type() == null ? "" : schema.type());
    for (CompiledRule compiled : here) {
      if (compiled.transition() && !compiled.rule().optionalOldSelf()) {
        continue;
      }
      String ruleText = compiled.rule().rule().strip();
      Object result;
      try {
        result = compiled.program().eval(activation);
      } catch (CelEvaluationException e) {
        String error = CelErrors.describe(e);
        String detail =
            CelErrors.isNoSuchOverload(error)
                ? "'"
                    + error
                    + "': call arguments did not match a supported operator, function or macro"
                    + " signature for rule: "
                    + ruleText
                : error + " evaluating rule: " + ruleText;
        out.add(new Violation(path.toString(), Type.INVALID, typeShown, detail, ruleText));
        continue;
      }
      if (Boolean.TRUE.equals(result)) {
        continue;
      }
      FieldPath where = compiled.fieldPath() == null ? path : compiled.fieldPath().below(path);
      String detail = message(compiled, activation);
      out.add(violation(where, compiled.rule().reason(), typeShown, detail, ruleText));
    }
  }

  private static String message(CompiledRule compiled, Map<String, Object> activation) {
    if (compiled.messageProgram() != null) {
      try {
        Object text = compiled.messageProgram().eval(activation);
        if (text instanceof String s
            && !s.isBlank()
            && s.length() <= MAX_MESSAGE_LENGTH
            && !s.contains("\n")
            && !s.contains("\r")) {
          return s;
        }
      } catch (CelEvaluationException e) {
        // the API server falls back to the message, as here
      }
    }
    String message = compiled.rule().message();
    if (message != null && !message.isBlank()) {
      return message;
    }
    return "failed rule: " + compiled.rule().rule().strip();
  }

  private static Violation violation(
      FieldPath where, String reason, String typeShown, String detail, String rule) {
    String field = where.toString();
    if (reason == null) {
      return new Violation(field, Type.INVALID, typeShown, detail, rule);
    }
    return switch (reason) {
      case "FieldValueForbidden" -> new Violation(field, Type.FORBIDDEN, null, detail, rule);
      case "FieldValueRequired" -> new Violation(field, Type.REQUIRED, null, detail, rule);
      case "FieldValueDuplicate" -> new Violation(field, Type.DUPLICATE, typeShown, detail, rule);
      default -> new Violation(field, Type.INVALID, typeShown, detail, rule);
    };
  }
}
