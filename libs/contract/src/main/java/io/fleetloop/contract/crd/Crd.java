package io.fleetloop.contract.crd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A CustomResourceDefinition ({@code apiextensions.k8s.io/v1}) as read from YAML.
 *
 * @param name {@code <plural>.<group>}
 * @param source where it was read from, for messages
 */
public record Crd(
    String name, String group, Names names, String scope, List<Version> versions, String source) {

  /** {@code spec.names}. */
  public record Names(
      String kind,
      String listKind,
      String plural,
      String singular,
      List<String> shortNames,
      List<String> categories) {}

  /** One entry of {@code spec.versions}. */
  public record Version(
      String name,
      boolean served,
      boolean storage,
      boolean deprecated,
      String deprecationWarning,
      Schema schema,
      List<PrinterColumn> printerColumns,
      boolean statusSubresource,
      boolean scaleSubresource) {}

  /** One {@code additionalPrinterColumns} entry. */
  public record PrinterColumn(
      String name, String type, String format, String description, int priority, String jsonPath) {}

  public String kind() {
    return names.kind();
  }

  public boolean namespaced() {
    return "Namespaced".equals(scope);
  }

  /** The served version with that name. */
  public Optional<Version> version(String versionName) {
    return versions.stream().filter(v -> v.name().equals(versionName)).findFirst();
  }

  /** {@code <group>/<version>} of each served version. */
  public List<String> apiVersions() {
    return versions.stream().filter(Version::served).map(v -> group + "/" + v.name()).toList();
  }

  /**
   * Reads a CRD document.
   *
   * @throws IllegalArgumentException when the document is not a usable CRD
   */
  public static Crd parse(JsonNode doc, String source) {
    if (!"CustomResourceDefinition".equals(doc.path("kind").asText())) {
      throw new IllegalArgumentException(source + ": not a CustomResourceDefinition");
    }
    JsonNode spec = doc.path("spec");
    JsonNode names = spec.path("names");
    Names parsedNames =
        new Names(
            names.path("kind").asText(),
            names.path("listKind").asText(names.path("kind").asText() + "List"),
            names.path("plural").asText(),
            names.path("singular").asText(names.path("kind").asText().toLowerCase()),
            strings(names.path("shortNames")),
            strings(names.path("categories")));
    List<Version> versions = new ArrayList<>();
    for (JsonNode v : spec.path("versions")) {
      JsonNode schema = v.path("schema").path("openAPIV3Schema");
      if (!schema.isObject()) {
        throw new IllegalArgumentException(
            source + ": version " + v.path("name").asText() + " has no schema.openAPIV3Schema");
      }
      List<PrinterColumn> columns = new ArrayList<>();
      for (JsonNode c : v.path("additionalPrinterColumns")) {
        columns.add(
            new PrinterColumn(
                c.path("name").asText(),
                c.path("type").asText(),
                c.hasNonNull("format") ? c.get("format").asText() : null,
                c.hasNonNull("description") ? c.get("description").asText() : null,
                c.path("priority").asInt(0),
                c.path("jsonPath").asText()));
      }
      versions.add(
          new Version(
              v.path("name").asText(),
              v.path("served").asBoolean(true),
              v.path("storage").asBoolean(false),
              v.path("deprecated").asBoolean(false),
              v.hasNonNull("deprecationWarning") ? v.get("deprecationWarning").asText() : null,
              Schema.parse(schema),
              List.copyOf(columns),
              v.path("subresources").has("status"),
              v.path("subresources").has("scale")));
    }
    if (parsedNames.kind().isEmpty() || spec.path("group").asText().isEmpty()) {
      throw new IllegalArgumentException(source + ": CRD without spec.group or spec.names.kind");
    }
    return new Crd(
        doc.path("metadata").path("name").asText(),
        spec.path("group").asText(),
        parsedNames,
        spec.path("scope").asText("Namespaced"),
        List.copyOf(versions),
        source);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return List.copyOf(out);
  }
}
