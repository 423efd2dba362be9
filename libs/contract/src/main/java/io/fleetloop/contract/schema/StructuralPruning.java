package io.fleetloop.contract.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetloop.contract.Violation;
import io.fleetloop.contract.crd.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drops the fields a structural schema does not declare, as the API server does on decoding, and
 * reports each one: with strict field validation ({@code kubectl --validate=strict}, the default
 * since 1.27) the request fails with {@code unknown field "spec.foo"}.
 */
public final class StructuralPruning {

  /** Fields every resource (and every embedded resource) has without declaring them. */
  static final Set<String> RESOURCE_FIELDS = Set.of("apiVersion", "kind", "metadata");

  private StructuralPruning() {}

  /** Prunes a whole resource; {@code apiVersion}, {@code kind} and {@code metadata} are kept. */
  public static void prune(ObjectNode resource, Schema root, List<Violation> out) {
    pruneObject(resource, root, FieldPath.root(), true, out);
  }

  /** Prunes a value below {@code path} (e.g. a field's default). */
  public static void prune(JsonNode value, Schema schema, FieldPath path, List<Violation> out) {
    if (schema == null || value == null) {
      return;
    }
    if (value.isObject() && (schema.isType("object") || schema.type() == null)) {
      pruneObject((ObjectNode) value, schema, path, schema.embeddedResource(), out);
    } else if (value.isArray() && schema.items() != null) {
      for (int i = 0; i < value.size(); i++) {
        prune(value.get(i), schema.items(), path.index(i), out);
      }
    }
  }

  private static void pruneObject(
      ObjectNode object, Schema schema, FieldPath path, boolean resource, List<Violation> out) {
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      String name = field.getKey();
      Schema property = schema.properties().get(name);
      if (property != null) {
        prune(field.getValue(), property, path.child(name), out);
      } else if (resource && RESOURCE_FIELDS.contains(name)) {
        continue;
      } else if (schema.additionalProperties() != null) {
        prune(field.getValue(), schema.additionalProperties(), path.key(name), out);
      } else if (!schema.additionalPropertiesAllowed() && !schema.preserveUnknownFields()) {
        unknown.add(name);
        out.add(
            new Violation(
                path.child(name).toString(), Violation.Type.UNKNOWN_FIELD, null, "", "properties"));
      }
    }
    object.remove(unknown);
  }
}
