package io.fleetloop.operator.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * Computes an RFC 7386 JSON merge patch: the document that turns one JSON value into another when
 * merged into it. Members missing from the target become {@code null} (removed), changed objects
 * are diffed member by member, anything else (arrays, scalars) is replaced whole.
 */
public final class JsonMergePatch {

  private JsonMergePatch() {}

  /** The merge patch that turns {@code from} into {@code to}. */
  public static JsonNode diff(JsonNode from, JsonNode to) {
    Objects.requireNonNull(to, "to");
    if (from == null || !from.isObject() || !to.isObject()) {
      return to.deepCopy();
    }
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    from.fieldNames()
        .forEachRemaining(
            name -> {
              if (!to.has(name) || to.get(name).isNull()) {
                if (!from.get(name).isNull()) {
                  patch.putNull(name);
                }
              }
            });
    to.fields()
        .forEachRemaining(
            e -> {
              JsonNode before = from.get(e.getKey());
              if (e.getValue().isNull()) {
                return; // handled above
              }
              if (before == null || before.isNull()) {
                patch.set(e.getKey(), e.getValue().deepCopy());
              } else if (!before.equals(e.getValue())) {
                patch.set(e.getKey(), diff(before, e.getValue()));
              }
            });
    return patch;
  }
}
