package io.fleetloop.contract.cel;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.NullValue;
import com.google.protobuf.Timestamp;
import io.fleetloop.contract.crd.Schema;
import io.fleetloop.contract.schema.Formats;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a JSON value into the CEL value the API server binds to {@code self}, typed by the schema:
 * {@code integer} as {@code long}, {@code number} as {@code double} even when written as {@code 1},
 * objects as maps keyed by the escaped property names, absent fields absent (so {@code has()} is
 * false).
 */
public final class CelValues {

  private CelValues() {}

  /**
   * The CEL value of {@code value} at a node of {@code schema}, or empty when rules cannot access
   * the node (no type).
   *
   * @param resourceRoot whether the node is a resource (root or embedded): {@code apiVersion},
   *     {@code kind} and {@code metadata.name}/{@code generateName} are then included
   * @throws IllegalArgumentException when the value does not have the schema's type
   */
  public static Optional<Object> of(JsonNode value, Schema schema, boolean resourceRoot) {
    return Optional.ofNullable(convert(value, schema, resourceRoot));
  }

  private static Object convert(JsonNode value, Schema s, boolean resourceRoot) {
    if (value.isNull()) {
      return NullValue.NULL_VALUE;
    }
    if (s.intOrString()) {
      if (value.isTextual()) {
        return value.textValue();
      }
      return integer(value);
    }
    String type = s.type() == null && resourceRoot ? "object" : s.type();
    if (type == null) {
      return null;
    }
    return switch (type) {
      case "integer" -> integer(value);
      case "number" -> {
        expect(value.isNumber(), value, type);
        yield value.doubleValue();
      }
      case "boolean" -> {
        expect(value.isBoolean(), value, type);
        yield value.booleanValue();
      }
      case "string" -> string(value, s.format());
      case "array" -> array(value, s);
      case "object" -> object(value, s, resourceRoot);
      default -> null;
    };
  }

  private static Long integer(JsonNode value) {
    expect(value.isNumber() && value.canConvertToExactIntegral(), value, "integer");
    expect(value.canConvertToLong(), value, "integer");
    return value.longValue();
  }

  private static Object string(JsonNode value, String format) {
    expect(value.isTextual(), value, "string");
    String text = value.textValue();
    if (format == null) {
      return text;
    }
    return switch (format) {
      case "byte" ->
          ByteString.copyFrom(Formats.decodeBase64(text).orElseThrow(() -> bad(value, format)));
      case "duration" ->
          duration(Formats.parseDuration(text).orElseThrow(() -> bad(value, format)));
      case "date" -> timestamp(Formats.parseDate(text).orElseThrow(() -> bad(value, format)));
      case "date-time" ->
          timestamp(Formats.parseDateTime(text).orElseThrow(() -> bad(value, format)));
      default -> text;
    };
  }

  private static Object array(JsonNode value, Schema s) {
    expect(value.isArray(), value, "array");
    if (s.items() == null) {
      return null;
    }
    ImmutableList.Builder<Object> items = ImmutableList.builderWithExpectedSize(value.size());
    for (JsonNode item : value) {
      Object converted = convert(item, s.items(), s.items().embeddedResource());
      if (converted == null) {
        return null;
      }
      items.add(converted);
    }
    return items.build();
  }

  private static Object object(JsonNode value, Schema s, boolean resourceRoot) {
    expect(value.isObject(), value, "object");
    ImmutableMap.Builder<String, Object> fields = ImmutableMap.builder();
    if (s.additionalProperties() != null) {
      Schema values = s.additionalProperties();
      for (Map.Entry<String, JsonNode> e : value.properties()) {
        Object converted = convert(e.getValue(), values, values.embeddedResource());
        if (converted != null) {
          fields.put(e.getKey(), converted);
        }
      }
      return fields.buildOrThrow();
    }
    for (Map.Entry<String, JsonNode> e : value.properties()) {
      String name = e.getKey();
      Schema property = s.properties().get(name);
      if (property == null || (resourceRoot && name.equals("metadata"))) {
        continue;
      }
      Optional<String> celName = CelNames.escape(name);
      Object converted = convert(e.getValue(), property, property.embeddedResource());
      if (celName.isPresent() && converted != null) {
        fields.put(celName.get(), converted);
      }
    }
    if (resourceRoot) {
      resourceFields(value, s, fields);
    }
    return fields.buildOrThrow();
  }

  private static void resourceFields(
      JsonNode value, Schema s, ImmutableMap.Builder<String, Object> fields) {
    for (String name : new String[] {"apiVersion", "kind"}) {
      if (value.path(name).isTextual() && !s.properties().containsKey(name)) {
        fields.put(name, value.get(name).textValue());
      }
    }
    JsonNode metadata = value.path("metadata");
    if (metadata.isObject()) {
      ImmutableMap.Builder<String, Object> meta = ImmutableMap.builder();
      for (String name : new String[] {"name", "generateName"}) {
        if (metadata.path(name).isTextual()) {
          meta.put(name, metadata.get(name).textValue());
        }
      }
      fields.put("metadata", meta.buildOrThrow());
    }
  }

  private static Duration duration(java.time.Duration d) {
    return Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
  }

  private static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  private static void expect(boolean ok, JsonNode value, String type) {
    if (!ok) {
      throw bad(value, type);
    }
  }

  private static IllegalArgumentException bad(JsonNode value, String type) {
    return new IllegalArgumentException("not a valid " + type + ": " + value);
  }
}
