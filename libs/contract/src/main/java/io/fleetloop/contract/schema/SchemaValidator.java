package io.fleetloop.contract.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetloop.contract.Violation;
import io.fleetloop.contract.Violation.Type;
import io.fleetloop.contract.crd.Schema;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks a value against the OpenAPI v3 value validations of a structural schema, with the API
 * server's messages (kube-openapi): type, enum, minimum/maximum (exclusive), multipleOf,
 * minLength/maxLength, pattern, format, minItems/maxItems, uniqueItems, list-type set/map keys,
 * required, minProperties/maxProperties, additionalProperties, nullable and int-or-string.
 *
 * <p>Unknown fields are not its concern: {@link StructuralPruning} removes and reports them first.
 */
public final class SchemaValidator {

  private static final BigDecimal INT32_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
  private static final BigDecimal INT32_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);
  private static final BigDecimal INT64_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal INT64_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private SchemaValidator() {}

  /**
   * Validates a whole resource against its version's root schema. {@code metadata} is left to
   * {@link ObjectMetaValidator}, as the API server replaces the schema's metadata with ObjectMeta.
   */
  public static void validateResource(JsonNode resource, Schema root, List<Violation> out) {
    validate(resource, root, FieldPath.root(), true, out);
  }

  /** Validates {@code value} found at {@code path} against {@code schema}. */
  public static void validate(JsonNode value, Schema schema, FieldPath path, List<Violation> out) {
    validate(value, schema, path, schema.embeddedResource(), out);
  }

  private static void validate(
      JsonNode value, Schema schema, FieldPath path, boolean resource, List<Violation> out) {
    if (value.isNull()) {
      if (!schema.nullable() && (schema.type() != null || schema.intOrString())) {
        out.add(typeInvalid(path, value, expectedType(schema)));
      }
      return;
    }
    if (!hasExpectedType(value, schema)) {
      out.add(typeInvalid(path, value, expectedType(schema)));
      return;
    }
    checkEnum(value, schema, path, out);
    if (value.isNumber()) {
      checkNumber(value, schema, path, out);
    } else if (value.isTextual()) {
      checkString(value.textValue(), value, schema, path, out);
    } else if (value.isArray()) {
      checkArray(value, schema, path, out);
    } else if (value.isObject()) {
      checkObject(value, schema, path, resource, out);
    }
  }

  private static boolean hasExpectedType(JsonNode value, Schema schema) {
    if (schema.intOrString()) {
      return value.isTextual() || Json.isInteger(value);
    }
    if (schema.type() == null) {
      return true;
    }
    return switch (schema.type()) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "boolean" -> value.isBoolean();
      case "integer" -> Json.isInteger(value);
      case "number" -> value.isNumber();
      default -> true;
    };
  }

  private static String expectedType(Schema schema) {
    return schema.intOrString() ? "integer,string" : schema.type();
  }

  private static Violation typeInvalid(FieldPath path, JsonNode value, String expected) {
    return new Violation(
        path.toString(),
        Type.TYPE_INVALID,
        Violation.render(value),
        path.inBody() + " must be of type " + expected + ": \"" + Json.typeName(value) + "\"",
        "type");
  }

  private static void checkEnum(
      JsonNode value, Schema schema, FieldPath path, List<Violation> out) {
    if (schema.enumValues().isEmpty()) {
      return;
    }
    for (JsonNode allowed : schema.enumValues()) {
      if (Json.sameValue(allowed, value)) {
        return;
      }
    }
    String supported =
        schema.enumValues().stream().map(Violation::render).collect(Collectors.joining(", "));
    out.add(
        new Violation(
            path.toString(),
            Type.UNSUPPORTED,
            Violation.render(value),
            "supported values: " + supported,
            "enum"));
  }

  private static void checkNumber(
      JsonNode value, Schema schema, FieldPath path, List<Violation> out) {
    BigDecimal n = value.decimalValue();
    String shown = Violation.render(value);
    if (schema.maximum() != null) {
      int cmp = n.compareTo(schema.maximum());
      if (schema.exclusiveMaximum() ? cmp >= 0 : cmp > 0) {
        String bound = schema.exclusiveMaximum() ? "less than " : "less than or equal to ";
        out.add(
            invalid(path, shown, "should be " + bound + Json.number(schema.maximum()), "maximum"));
      }
    }
    if (schema.minimum() != null) {
      int cmp = n.compareTo(schema.minimum());
      if (schema.exclusiveMinimum() ? cmp <= 0 : cmp < 0) {
        String bound = schema.exclusiveMinimum() ? "greater than " : "greater than or equal to ";
        out.add(
            invalid(path, shown, "should be " + bound + Json.number(schema.minimum()), "minimum"));
      }
    }
    if (schema.multipleOf() != null
        && schema.multipleOf().signum() > 0
        && n.remainder(schema.multipleOf()).signum() != 0) {
      out.add(
          invalid(
              path,
              shown,
              "should be a multiple of " + Json.number(schema.multipleOf()),
              "multipleOf"));
    }
    if (schema.isType("integer") && !schema.intOrString()) {
      if (n.compareTo(INT64_MIN) < 0 || n.compareTo(INT64_MAX) > 0) {
        out.add(invalid(path, shown, "should fit in a 64-bit integer", "format"));
      } else if ("int32".equals(schema.format())
          && (n.compareTo(INT32_MIN) < 0 || n.compareTo(INT32_MAX) > 0)) {
        // Stricter than the API server, which stores it; a Java int field could not read it.
        out.add(invalid(path, shown, "should fit in a 32-bit integer (format int32)", "format"));
      }
    }
  }

  private static void checkString(
      String text, JsonNode value, Schema schema, FieldPath path, List<Violation> out) {
    String shown = Violation.render(value);
    long length = text.codePointCount(0, text.length());
    if (schema.maxLength() != null && length > schema.maxLength()) {
      out.add(
          new Violation(
              path.toString(),
              Type.TOO_LONG,
              null,
              "may not be longer than " + schema.maxLength(),
              "maxLength"));
    }
    if (schema.minLength() != null && length < schema.minLength()) {
      out.add(
          invalid(
              path,
              shown,
              "should be at least " + schema.minLength() + " chars long",
              "minLength"));
    }
    if (schema.compiledPattern() != null && !schema.compiledPattern().matcher(text).find()) {
      out.add(invalid(path, shown, "should match '" + schema.pattern() + "'", "pattern"));
    }
    if (schema.format() != null
        && !schema.intOrString()
        && !Formats.isValid(schema.format(), text)) {
      out.add(
          new Violation(
              path.toString(),
              Type.TYPE_INVALID,
              shown,
              path.inBody() + " must be of type " + schema.format() + ": " + shown,
              "format"));
    }
  }

  private static void checkArray(
      JsonNode value, Schema schema, FieldPath path, List<Violation> out) {
    int size = value.size();
    if (schema.maxItems() != null && size > schema.maxItems()) {
      out.add(
          new Violation(
              path.toString(),
              Type.TOO_MANY,
              String.valueOf(size),
              "must have at most " + schema.maxItems() + " items",
              "maxItems"));
    }
    if (schema.minItems() != null && size < schema.minItems()) {
      out.add(
          invalid(
              path,
              Violation.render(value),
              "should have at least " + schema.minItems() + " items",
              "minItems"));
    }
    checkDuplicates(value, schema, path, out);
    if (schema.items() != null) {
      for (int i = 0; i < size; i++) {
        validate(
            value.get(i), schema.items(), path.index(i), schema.items().embeddedResource(), out);
      }
    }
  }

  private static void checkDuplicates(
      JsonNode value, Schema schema, FieldPath path, List<Violation> out) {
    boolean set = schema.uniqueItems() || "set".equals(schema.listType());
    boolean map = "map".equals(schema.listType()) && !schema.listMapKeys().isEmpty();
    if (!set && !map) {
      return;
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      JsonNode identity = map ? mapKeys(item, schema.listMapKeys()) : item;
      if (identity == null) {
        continue;
      }
      if (seen.putIfAbsent(Json.canonical(identity), i) != null) {
        out.add(
            new Violation(
                path.index(i).toString(),
                Type.DUPLICATE,
                Violation.render(identity),
                "",
                map ? "x-kubernetes-list-map-keys" : "x-kubernetes-list-type"));
      }
    }
  }

  private static JsonNode mapKeys(JsonNode item, List<String> keys) {
    if (!item.isObject()) {
      return null;
    }
    ObjectNode identity = JsonNodeFactory.instance.objectNode();
    for (String key : keys) {
      if (item.has(key)) {
        identity.set(key, item.get(key));
      }
    }
    return identity;
  }

  private static void checkObject(
      JsonNode value, Schema schema, FieldPath path, boolean resource, List<Violation> out) {
    for (String name : schema.required()) {
      if (!value.has(name)) {
        out.add(new Violation(path.child(name).toString(), Type.REQUIRED, null, "", "required"));
      }
    }
    int count = value.size();
    if (schema.maxProperties() != null && count > schema.maxProperties()) {
      out.add(
          new Violation(
              path.toString(),
              Type.TOO_MANY,
              String.valueOf(count),
              "must have at most " + schema.maxProperties() + " items",
              "maxProperties"));
    }
    if (schema.minProperties() != null && count < schema.minProperties()) {
      out.add(
          invalid(
              path,
              Violation.render(value),
              "should have at least " + schema.minProperties() + " properties",
              "minProperties"));
    }
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      String name = field.getKey();
      if (resource && name.equals("metadata")) {
        continue;
      }
      Schema property = schema.properties().get(name);
      if (property != null) {
        validate(field.getValue(), property, path.child(name), property.embeddedResource(), out);
      } else if (schema.additionalProperties() != null) {
        Schema values = schema.additionalProperties();
        validate(field.getValue(), values, path.key(name), values.embeddedResource(), out);
      }
    }
  }

  private static Violation invalid(FieldPath path, String shown, String what, String keyword) {
    return new Violation(path.toString(), Type.INVALID, shown, path.inBody() + " " + what, keyword);
  }
}
