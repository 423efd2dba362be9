package io.fleetloop.contract.crd;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One node of a CRD's OpenAPI v3 schema, read once from the CRD YAML: the structural-schema subset
 * the API server enforces, plus the Kubernetes extensions ({@code x-kubernetes-*}).
 */
public final class Schema {

  /** Keywords the API server evaluates but this checker does not; reported as CRD warnings. */
  static final List<String> UNEVALUATED_KEYWORDS = List.of("allOf", "anyOf", "oneOf", "not");

  private final JsonNode raw;
  private final String type;
  private final Map<String, Schema> properties;
  private final List<String> required;
  private final Schema items;
  private final Schema additionalProperties;
  private final boolean additionalPropertiesAllowed;
  private final List<JsonNode> enumValues;
  private final BigDecimal minimum;
  private final BigDecimal maximum;
  private final boolean exclusiveMinimum;
  private final boolean exclusiveMaximum;
  private final BigDecimal multipleOf;
  private final Long minLength;
  private final Long maxLength;
  private final Long minItems;
  private final Long maxItems;
  private final Long minProperties;
  private final Long maxProperties;
  private final String pattern;
  private final Pattern compiledPattern;
  private final String patternError;
  private final boolean uniqueItems;
  private final boolean nullable;
  private final String format;
  private final JsonNode defaultValue;
  private final String description;
  private final boolean intOrString;
  private final boolean preserveUnknownFields;
  private final boolean embeddedResource;
  private final String listType;
  private final List<String> listMapKeys;
  private final String mapType;
  private final List<ValidationRule> rules;

  private Schema(JsonNode node) {
    this.raw = node;
    this.type = text(node, "type");
    Map<String, Schema> props = new LinkedHashMap<>();
    node.path("properties")
        .properties()
        .forEach(e -> props.put(e.getKey(), new Schema(e.getValue())));
    this.properties = Collections.unmodifiableMap(props);
    this.required = strings(node.path("required"));
    this.items = node.path("items").isObject() ? new Schema(node.get("items")) : null;
    JsonNode additional = node.path("additionalProperties");
    this.additionalProperties = additional.isObject() ? new Schema(additional) : null;
    this.additionalPropertiesAllowed =
        additional.isObject() || (additional.isBoolean() && additional.booleanValue());
    List<JsonNode> values = new ArrayList<>();
    node.path("enum").forEach(values::add);
    this.enumValues = Collections.unmodifiableList(values);
    this.minimum = decimal(node, "minimum");
    this.maximum = decimal(node, "maximum");
    this.exclusiveMinimum = node.path("exclusiveMinimum").asBoolean(false);
    this.exclusiveMaximum = node.path("exclusiveMaximum").asBoolean(false);
    this.multipleOf = decimal(node, "multipleOf");
    this.minLength = integer(node, "minLength");
    this.maxLength = integer(node, "maxLength");
    this.minItems = integer(node, "minItems");
    this.maxItems = integer(node, "maxItems");
    this.minProperties = integer(node, "minProperties");
    this.maxProperties = integer(node, "maxProperties");
    this.pattern = text(node, "pattern");
    Pattern compiled = null;
    String error = null;
    if (pattern != null) {
      try {
        compiled = Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        error = e.getDescription();
      }
    }
    this.compiledPattern = compiled;
    this.patternError = error;
    this.uniqueItems = node.path("uniqueItems").asBoolean(false);
    this.nullable = node.path("nullable").asBoolean(false);
    this.format = text(node, "format");
    this.defaultValue = node.has("default") ? node.get("default") : null;
    this.description = text(node, "description");
    this.intOrString = node.path("x-kubernetes-int-or-string").asBoolean(false);
    this.preserveUnknownFields = node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    this.embeddedResource = node.path("x-kubernetes-embedded-resource").asBoolean(false);
    this.listType = text(node, "x-kubernetes-list-type");
    this.listMapKeys = strings(node.path("x-kubernetes-list-map-keys"));
    this.mapType = text(node, "x-kubernetes-map-type");
    List<ValidationRule> parsed = new ArrayList<>();
    node.path("x-kubernetes-validations").forEach(r -> parsed.add(ValidationRule.parse(r)));
    this.rules = Collections.unmodifiableList(parsed);
  }

  /** Reads a schema node (e.g. a version's {@code schema.openAPIV3Schema}). */
  public static Schema parse(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("an OpenAPI schema must be a mapping, got: " + node);
    }
    return new Schema(node);
  }

  /** The schema node as written in the CRD. */
  public JsonNode raw() {
    return raw;
  }

  /**
   * {@code object}, {@code array}, {@code string}, {@code integer}, {@code number}, {@code boolean}
   * or null.
   */
  public String type() {
    return type;
  }

  public boolean isType(String name) {
    return name.equals(type);
  }

  public Map<String, Schema> properties() {
    return properties;
  }

  public List<String> required() {
    return required;
  }

  public boolean requires(String property) {
    return required.contains(property);
  }

  /** The schema of list items, or null. */
  public Schema items() {
    return items;
  }

  /** The schema of map values ({@code additionalProperties: {...}}), or null. */
  public Schema additionalProperties() {
    return additionalProperties;
  }

  /** True for {@code additionalProperties: true} or a schema: any key is allowed. */
  public boolean additionalPropertiesAllowed() {
    return additionalPropertiesAllowed;
  }

  public List<JsonNode> enumValues() {
    return enumValues;
  }

  public BigDecimal minimum() {
    return minimum;
  }

  public BigDecimal maximum() {
    return maximum;
  }

  public boolean exclusiveMinimum() {
    return exclusiveMinimum;
  }

  public boolean exclusiveMaximum() {
    return exclusiveMaximum;
  }

  public BigDecimal multipleOf() {
    return multipleOf;
  }

  public Long minLength() {
    return minLength;
  }

  public Long maxLength() {
    return maxLength;
  }

  public Long minItems() {
    return minItems;
  }

  public Long maxItems() {
    return maxItems;
  }

  public Long minProperties() {
    return minProperties;
  }

  public Long maxProperties() {
    return maxProperties;
  }

  public String pattern() {
    return pattern;
  }

  /** The pattern as a Java regex, or null when absent or not a valid regex. */
  public Pattern compiledPattern() {
    return compiledPattern;
  }

  /** Why {@link #pattern()} is not a valid regex, or null. */
  public String patternError() {
    return patternError;
  }

  public boolean uniqueItems() {
    return uniqueItems;
  }

  public boolean nullable() {
    return nullable;
  }

  public String format() {
    return format;
  }

  /** The {@code default} value, or null when the field has none. */
  public JsonNode defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  public boolean intOrString() {
    return intOrString;
  }

  public boolean preserveUnknownFields() {
    return preserveUnknownFields;
  }

  public boolean embeddedResource() {
    return embeddedResource;
  }

  /** {@code atomic}, {@code set}, {@code map} or null. */
  public String listType() {
    return listType;
  }

  public List<String> listMapKeys() {
    return listMapKeys;
  }

  public String mapType() {
    return mapType;
  }

  /** The {@code x-kubernetes-validations} rules on this node. */
  public List<ValidationRule> rules() {
    return rules;
  }

  /** Keywords present on this node that the API server evaluates but this checker does not. */
  public List<String> unevaluatedKeywords() {
    return UNEVALUATED_KEYWORDS.stream().filter(raw::has).toList();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.textValue() : null;
  }

  private static BigDecimal decimal(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isNumber() ? value.decimalValue() : null;
  }

  private static Long integer(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isNumber() ? value.longValue() : null;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return Collections.unmodifiableList(out);
  }
}
