package io.fleetloop.local.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Server-side printing of custom resources as a {@code meta.k8s.io/v1 Table}, as the real API
 * server does for {@code kubectl get}: a Name column, the CRD version's {@code
 * additionalPrinterColumns} (or Age when it has none), cells evaluated with {@link SimpleJsonPath},
 * {@code date} cells as ages ({@code 5m}, {@code 3h}).
 */
final class TablePrinter {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final List<CustomResourceColumnDefinition> columns;
  private final Clock clock;

  private TablePrinter(List<CustomResourceColumnDefinition> columns, Clock clock) {
    this.columns = columns;
    this.clock = clock;
  }

  /** The printer for {@code version} of {@code crd}, if the CRD serves that version. */
  static Optional<TablePrinter> forCrd(CustomResourceDefinition crd, String version, Clock clock) {
    return crd.getSpec().getVersions().stream()
        .filter(v -> v.getName().equals(version))
        .findFirst()
        .map(v -> new TablePrinter(columnsOf(v), clock));
  }

  private static List<CustomResourceColumnDefinition> columnsOf(
      CustomResourceDefinitionVersion version) {
    List<CustomResourceColumnDefinition> declared = version.getAdditionalPrinterColumns();
    if (declared == null || declared.isEmpty()) {
      CustomResourceColumnDefinition age = new CustomResourceColumnDefinition();
      age.setName("Age");
      age.setType("date");
      age.setJsonPath(".metadata.creationTimestamp");
      return List.of(age);
    }
    return declared;
  }

  /** The table for one object or for a list ({@code items}). */
  ObjectNode print(JsonNode objectOrList) {
    ObjectNode table = JSON.objectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    ObjectNode metadata = table.putObject("metadata");
    JsonNode listMeta = objectOrList.path("metadata");
    if (objectOrList.has("items") && listMeta.has("resourceVersion")) {
      metadata.set("resourceVersion", listMeta.get("resourceVersion"));
    }
    ArrayNode definitions = table.putArray("columnDefinitions");
    definitions.add(column("Name", "string", "name", "Name must be unique within a namespace.", 0));
    for (CustomResourceColumnDefinition c : columns) {
      definitions.add(
          column(
              c.getName(),
              c.getType(),
              c.getFormat() == null ? "" : c.getFormat(),
              c.getDescription() == null ? "" : c.getDescription(),
              c.getPriority() == null ? 0 : c.getPriority()));
    }
    ArrayNode rows = table.putArray("rows");
    if (objectOrList.has("items")) {
      objectOrList.get("items").forEach(item -> rows.add(row(item)));
    } else {
      rows.add(row(objectOrList));
    }
    return table;
  }

  private static ObjectNode column(
      String name, String type, String format, String description, int priority) {
    ObjectNode c = JSON.objectNode();
    c.put("name", name);
    c.put("type", type);
    c.put("format", format);
    c.put("description", description);
    c.put("priority", priority);
    return c;
  }

  private ObjectNode row(JsonNode object) {
    ObjectNode row = JSON.objectNode();
    ArrayNode cells = row.putArray("cells");
    cells.add(object.path("metadata").path("name").asText());
    for (CustomResourceColumnDefinition c : columns) {
      List<JsonNode> found;
      try {
        found = SimpleJsonPath.parse(c.getJsonPath()).select(object);
      } catch (IllegalArgumentException e) {
        found = List.of();
      }
      cells.add(found.isEmpty() ? JSON.nullNode() : cell(c.getType(), found.get(0)));
    }
    ObjectNode partial = row.putObject("object");
    partial.put("kind", "PartialObjectMetadata");
    partial.put("apiVersion", "meta.k8s.io/v1");
    partial.set("metadata", object.path("metadata").deepCopy());
    return row;
  }

  private JsonNode cell(String type, JsonNode value) {
    switch (type == null ? "string" : type) {
      case "integer":
        return value.canConvertToLong()
            ? JSON.numberNode(value.asLong())
            : JSON.textNode(value.asText());
      case "number":
        return value.isNumber() ? JSON.numberNode(value.asDouble()) : JSON.textNode(value.asText());
      case "boolean":
        return value.isBoolean() ? value : JSON.textNode(value.asText());
      case "date":
        return JSON.textNode(age(value.asText()));
      default:
        return JSON.textNode(value.isValueNode() ? value.asText() : value.toString());
    }
  }

  /** {@code 2006-01-02T15:04:05Z} as kubectl shows ages: 45s, 12m, 5h, 3d, 2y. */
  private String age(String timestamp) {
    Instant then;
    try {
      then = Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return timestamp;
    }
    return humanDuration(Duration.between(then, clock.instant()));
  }

  static String humanDuration(Duration d) {
    long seconds = Math.max(0, d.getSeconds());
    if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    }
    if (minutes < 180) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    }
    if (hours < 48) {
      return hours + "h";
    }
    long days = hours / 24;
    if (days < 8) {
      long h = hours % 24;
      return h == 0 ? days + "d" : days + "d" + h + "h";
    }
    if (days < 365 * 2) {
      return days + "d";
    }
    return (days / 365) + "y";
  }

  /** Whether an {@code Accept} header asks for a Table. */
  static boolean wantsTable(String accept) {
    return accept != null && accept.contains("as=Table");
  }
}
