package io.fleetloop.contract;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One reason the API server would reject a resource, worded as the API server words it: {@code
 * spec.stages: Invalid value: "array": stage percentages must be strictly increasing}.
 *
 * @param field the path of the offending field ({@code spec.stages[0].percent}); empty for the
 *     object as a whole
 * @param type the kind of error, which also gives the Kubernetes reason ({@code FieldValueInvalid},
 *     ...)
 * @param value the offending value as the API server prints it, or null where it prints none
 * @param detail what is wrong, or empty
 * @param rule what was violated: the CEL rule for {@code x-kubernetes-validations}, otherwise the
 *     schema keyword ({@code maximum}, {@code pattern}, {@code required}, ...)
 */
public record Violation(String field, Type type, String value, String detail, String rule) {

  /** The API server's error types ({@code k8s.io/apimachinery/pkg/util/validation/field}). */
  public enum Type {
    REQUIRED("Required value", "FieldValueRequired"),
    INVALID("Invalid value", "FieldValueInvalid"),
    /**
     * A value of the wrong JSON type or format; stops CEL rules from running, as in the API server.
     */
    TYPE_INVALID("Invalid value", "FieldValueTypeInvalid"),
    UNSUPPORTED("Unsupported value", "FieldValueNotSupported"),
    FORBIDDEN("Forbidden", "FieldValueForbidden"),
    DUPLICATE("Duplicate value", "FieldValueDuplicate"),
    TOO_LONG("Too long", "FieldValueTooLong"),
    TOO_MANY("Too many", "FieldValueTooMany"),
    NOT_FOUND("Not found", "FieldValueNotFound"),
    /** A field the schema does not declare (strict field validation; the server would drop it). */
    UNKNOWN_FIELD("Unknown field", "FieldValueUnknown"),
    INTERNAL("Internal error", "InternalError");

    private final String label;
    private final String reason;

    Type(String label, String reason) {
      this.label = label;
      this.reason = reason;
    }

    public String label() {
      return label;
    }

    /** The Kubernetes reason, as used in {@code x-kubernetes-validations[].reason}. */
    public String reason() {
      return reason;
    }
  }

  private static final int MAX_VALUE_LENGTH = 120;

  public Violation {
    field = field == null ? "" : field;
    detail = detail == null ? "" : detail;
  }

  /** The Kubernetes reason of this violation ({@code FieldValueInvalid}, ...). */
  public String reason() {
    return type.reason();
  }

  /**
   * The message without the field path: {@code Invalid value: 101: ... less than or equal to 100}.
   */
  public String message() {
    if (type == Type.UNKNOWN_FIELD) {
      return "unknown field \"" + field + "\"";
    }
    StringBuilder s = new StringBuilder(type.label());
    if (value != null) {
      s.append(": ").append(value);
    }
    if (!detail.isEmpty()) {
      s.append(": ").append(detail);
    }
    return s.toString();
  }

  /** {@code <field>: <message>}, as {@code kubectl apply} prints it. */
  @Override
  public String toString() {
    return field.isEmpty() ? message() : field + ": " + message();
  }

  /** A value as the API server prints it: strings quoted, numbers bare, objects as JSON. */
  public static String render(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return null;
    }
    if (value.isNull()) {
      return "\"null\"";
    }
    String text = value.isTextual() ? quote(value.textValue()) : value.toString();
    return text.length() > MAX_VALUE_LENGTH ? text.substring(0, MAX_VALUE_LENGTH) + "..." : text;
  }

  /** A string in double quotes, with quotes and backslashes escaped. */
  public static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
