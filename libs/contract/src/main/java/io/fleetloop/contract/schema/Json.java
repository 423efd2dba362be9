package io.fleetloop.contract.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Small helpers over JSON values with the API server's (JSON) notion of types and equality. */
public final class Json {

  private Json() {}

  /** The JSON type name the API server uses in messages: object, array, string, integer, ... */
  public static String typeName(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "null";
    }
    if (value.isObject()) {
      return "object";
    }
    if (value.isArray()) {
      return "array";
    }
    if (value.isTextual()) {
      return "string";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    if (value.isIntegralNumber()) {
      return "integer";
    }
    return value.isNumber() ? "number" : value.getNodeType().name().toLowerCase();
  }

  /** An integer, or a floating-point number with an integral value (JSON has one number type). */
  public static boolean isInteger(JsonNode value) {
    if (value.isIntegralNumber()) {
      return true;
    }
    if (!value.isNumber()) {
      return false;
    }
    BigDecimal d = value.decimalValue();
    return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
  }

  /** Equality as JSON sees it: numbers by value, objects regardless of key order. */
  public static boolean sameValue(JsonNode a, JsonNode b) {
    return canonical(a).equals(canonical(b));
  }

  /** A canonical text of a value: numbers normalized, object keys sorted. */
  public static String canonical(JsonNode value) {
    if (value == null || value.isNull()) {
      return "null";
    }
    if (value.isNumber()) {
      return number(value.decimalValue());
    }
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      value.forEach(v -> items.add(canonical(v)));
      return "[" + String.join(",", items) + "]";
    }
    if (value.isObject()) {
      List<String> fields = new ArrayList<>();
      value.properties().stream()
          .sorted(java.util.Map.Entry.comparingByKey())
          .forEach(e -> fields.add(quoted(e.getKey()) + ":" + canonical(e.getValue())));
      return "{" + String.join(",", fields) + "}";
    }
    return value.toString();
  }

  /** A number without trailing zeros or exponent: 100, 0.5, 1000000000. */
  public static String number(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
