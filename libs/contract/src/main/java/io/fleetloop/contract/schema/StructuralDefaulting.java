package io.fleetloop.contract.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetloop.contract.crd.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies {@code default} values the way the API server does before it validates: first {@code
 * null} is dropped from non-nullable fields that have no default, then every missing field with a
 * default (and every non-nullable null) gets a copy of it, recursively, into defaulted values too.
 */
public final class StructuralDefaulting {

  private StructuralDefaulting() {}

  public static void apply(JsonNode value, Schema schema) {
    pruneNonNullableNulls(value, schema);
    applyDefaults(value, schema);
  }

  private static void pruneNonNullableNulls(JsonNode value, Schema schema) {
    if (schema == null || value == null) {
      return;
    }
    if (value.isObject()) {
      ObjectNode object = (ObjectNode) value;
      List<String> drop = new ArrayList<>();
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        Schema property = propertySchema(schema, field.getKey());
        if (property == null) {
          continue;
        }
        if (field.getValue().isNull() && !property.nullable() && property.defaultValue() == null) {
          drop.add(field.getKey());
        } else {
          pruneNonNullableNulls(field.getValue(), property);
        }
      }
      object.remove(drop);
    } else if (value.isArray()) {
      value.forEach(item -> pruneNonNullableNulls(item, schema.items()));
    }
  }

  private static void applyDefaults(JsonNode value, Schema schema) {
    if (schema == null || value == null) {
      return;
    }
    if (value.isObject()) {
      ObjectNode object = (ObjectNode) value;
      schema
          .properties()
          .forEach(
              (name, property) -> {
                JsonNode present = object.get(name);
                boolean missing = present == null || (present.isNull() && !property.nullable());
                if (property.defaultValue() != null && missing) {
                  object.set(name, property.defaultValue().deepCopy());
                }
              });
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        applyDefaults(field.getValue(), propertySchema(schema, field.getKey()));
      }
    } else if (value.isArray()) {
      value.forEach(item -> applyDefaults(item, schema.items()));
    }
  }

  private static Schema propertySchema(Schema schema, String name) {
    Schema property = schema.properties().get(name);
    return property != null ? property : schema.additionalProperties();
  }
}
