package io.fleetloop.contract.crd;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One {@code x-kubernetes-validations} entry.
 *
 * @param rule the CEL expression; {@code self} is the value at the node that carries the rule
 * @param message shown when the rule evaluates to false (null: "failed rule: &lt;rule&gt;")
 * @param messageExpression CEL expression producing the message, or null
 * @param fieldPath path relative to the node that the error is reported on (e.g. {@code .minKm}),
 *     or null
 * @param reason {@code FieldValueInvalid} (default), {@code FieldValueForbidden}, {@code
 *     FieldValueRequired} or {@code FieldValueDuplicate}, or null
 * @param optionalOldSelf whether a transition rule also runs on create, with {@code oldSelf} unset
 */
public record ValidationRule(
    String rule,
    String message,
    String messageExpression,
    String fieldPath,
    String reason,
    boolean optionalOldSelf) {

  static ValidationRule parse(JsonNode node) {
    return new ValidationRule(
        text(node, "rule"),
        text(node, "message"),
        text(node, "messageExpression"),
        text(node, "fieldPath"),
        text(node, "reason"),
        node.path("optionalOldSelf").asBoolean(false));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.textValue() : null;
  }
}
