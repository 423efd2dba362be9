package io.fleetloop.contract.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fleetloop.contract.Violation;
import io.fleetloop.contract.Violation.Type;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The metadata checks the API server makes on every custom resource: a name (or generateName) that
 * is a DNS-1123 subdomain, a DNS-1123 label as namespace, valid label keys and values and
 * annotation keys, and no fields that ObjectMeta does not have. Messages are apimachinery's.
 */
public final class ObjectMetaValidator {

  private static final Set<String> OBJECT_META_FIELDS =
      Set.of(
          "name",
          "generateName",
          "namespace",
          "selfLink",
          "uid",
          "resourceVersion",
          "generation",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "labels",
          "annotations",
          "ownerReferences",
          "finalizers",
          "managedFields");

  private static final String DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String DNS1123_SUBDOMAIN = DNS1123_LABEL + "(\\." + DNS1123_LABEL + ")*";
  private static final Pattern LABEL = Pattern.compile(DNS1123_LABEL);
  private static final Pattern SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN);
  private static final String QUALIFIED_NAME_PART = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  private static final Pattern QUALIFIED_NAME = Pattern.compile(QUALIFIED_NAME_PART);
  private static final String LABEL_VALUE = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
  private static final Pattern LABEL_VALUE_PATTERN = Pattern.compile(LABEL_VALUE);

  private static final String SUBDOMAIN_MESSAGE =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or"
          + " '.', and must start and end with an alphanumeric character (e.g. 'example.com',"
          + " regex used for validation is '"
          + DNS1123_SUBDOMAIN
          + "')";
  private static final String LABEL_MESSAGE =
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and"
          + " must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc',"
          + " regex used for validation is '"
          + DNS1123_LABEL
          + "')";
  private static final String QUALIFIED_NAME_MESSAGE =
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end"
          + " with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex"
          + " used for validation is '"
          + QUALIFIED_NAME_PART
          + "')";
  private static final String LABEL_VALUE_MESSAGE =
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or"
          + " '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or"
          + " 'my_value',  or '12345', regex used for validation is '"
          + LABEL_VALUE
          + "')";

  private ObjectMetaValidator() {}

  /** Checks {@code metadata} of a resource; {@code metadata} may be missing. */
  public static void validate(JsonNode metadata, List<Violation> out) {
    FieldPath path = FieldPath.root().child("metadata");
    if (metadata == null || metadata.isNull() || metadata.isMissingNode()) {
      out.add(required(path.child("name"), "name or generateName is required"));
      return;
    }
    if (!metadata.isObject()) {
      out.add(
          new Violation(
              path.toString(),
              Type.TYPE_INVALID,
              Violation.render(metadata),
              "metadata in body must be of type object: \"" + Json.typeName(metadata) + "\"",
              "type"));
      return;
    }
    for (Map.Entry<String, JsonNode> field : metadata.properties()) {
      if (!OBJECT_META_FIELDS.contains(field.getKey())) {
        out.add(
            new Violation(
                path.child(field.getKey()).toString(), Type.UNKNOWN_FIELD, null, "", "metadata"));
      }
    }
    JsonNode name = metadata.get("name");
    JsonNode generateName = metadata.get("generateName");
    if (isBlank(name) && isBlank(generateName)) {
      out.add(required(path.child("name"), "name or generateName is required"));
    } else if (!isBlank(name)) {
      checkSubdomain(name, path.child("name"), out);
    } else {
      // generateName gets a random suffix; the prefix must be a subdomain once one is added
      checkString(generateName, path.child("generateName"), out);
      if (generateName.isTextual()) {
        checkSubdomain(
            generateName.textValue() + "a", generateName, path.child("generateName"), out);
      }
    }
    JsonNode namespace = metadata.get("namespace");
    if (!isBlank(namespace) && checkString(namespace, path.child("namespace"), out)) {
      String ns = namespace.textValue();
      if (ns.length() > 63) {
        out.add(invalid(path.child("namespace"), namespace, "must be no more than 63 characters"));
      } else if (!LABEL.matcher(ns).matches()) {
        out.add(invalid(path.child("namespace"), namespace, LABEL_MESSAGE));
      }
    }
    checkLabels(metadata.get("labels"), path.child("labels"), out);
    checkAnnotations(metadata.get("annotations"), path.child("annotations"), out);
  }

  private static void checkSubdomain(JsonNode name, FieldPath path, List<Violation> out) {
    if (checkString(name, path, out)) {
      checkSubdomain(name.textValue(), name, path, out);
    }
  }

  private static void checkSubdomain(
      String text, JsonNode shown, FieldPath path, List<Violation> out) {
    if (text.length() > 253) {
      out.add(invalid(path, shown, "must be no more than 253 characters"));
    } else if (!SUBDOMAIN.matcher(text).matches()) {
      out.add(invalid(path, shown, SUBDOMAIN_MESSAGE));
    }
  }

  private static void checkLabels(JsonNode labels, FieldPath path, List<Violation> out) {
    if (!checkStringMap(labels, path, out)) {
      return;
    }
    for (Map.Entry<String, JsonNode> label : labels.properties()) {
      checkQualifiedName(label.getKey(), path, out);
      JsonNode value = label.getValue();
      if (checkString(value, path.key(label.getKey()), out)) {
        String text = value.textValue();
        if (text.length() > 63) {
          out.add(invalid(path, value, "must be no more than 63 characters"));
        } else if (!LABEL_VALUE_PATTERN.matcher(text).matches()) {
          out.add(invalid(path, value, LABEL_VALUE_MESSAGE));
        }
      }
    }
  }

  private static void checkAnnotations(JsonNode annotations, FieldPath path, List<Violation> out) {
    if (!checkStringMap(annotations, path, out)) {
      return;
    }
    long total = 0;
    for (Map.Entry<String, JsonNode> annotation : annotations.properties()) {
      checkQualifiedName(annotation.getKey(), path, out);
      if (checkString(annotation.getValue(), path.key(annotation.getKey()), out)) {
        total += annotation.getKey().length() + annotation.getValue().textValue().length();
      }
    }
    if (total > 256 * 1024) {
      out.add(
          new Violation(
              path.toString(),
              Type.TOO_LONG,
              null,
              "may not be longer than " + 256 * 1024,
              "metadata"));
    }
  }

  private static void checkQualifiedName(String key, FieldPath path, List<Violation> out) {
    JsonNode shown = TextNode.valueOf(key);
    String name = key;
    int slash = key.indexOf('/');
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      name = key.substring(slash + 1);
      if (prefix.isEmpty()) {
        out.add(invalid(path, shown, "prefix part must be non-empty"));
      } else if (prefix.length() > 253) {
        out.add(invalid(path, shown, "prefix part must be no more than 253 characters"));
      } else if (!SUBDOMAIN.matcher(prefix).matches()) {
        out.add(invalid(path, shown, "prefix part " + SUBDOMAIN_MESSAGE));
      }
    }
    if (name.isEmpty()) {
      out.add(invalid(path, shown, "name part must be non-empty"));
    } else if (name.length() > 63) {
      out.add(invalid(path, shown, "name part must be no more than 63 characters"));
    } else if (!QUALIFIED_NAME.matcher(name).matches()) {
      out.add(invalid(path, shown, QUALIFIED_NAME_MESSAGE));
    }
  }

  private static boolean checkStringMap(JsonNode map, FieldPath path, List<Violation> out) {
    if (map == null || map.isNull()) {
      return false;
    }
    if (!map.isObject()) {
      out.add(
          new Violation(
              path.toString(),
              Type.TYPE_INVALID,
              Violation.render(map),
              path.inBody() + " must be of type object: \"" + Json.typeName(map) + "\"",
              "type"));
      return false;
    }
    return true;
  }

  private static boolean checkString(JsonNode value, FieldPath path, List<Violation> out) {
    if (value.isTextual()) {
      return true;
    }
    out.add(
        new Violation(
            path.toString(),
            Type.TYPE_INVALID,
            Violation.render(value),
            path.inBody() + " must be of type string: \"" + Json.typeName(value) + "\"",
            "type"));
    return false;
  }

  private static boolean isBlank(JsonNode value) {
    return value == null || value.isNull() || (value.isTextual() && value.textValue().isEmpty());
  }

  private static Violation required(FieldPath path, String detail) {
    return new Violation(path.toString(), Type.REQUIRED, null, detail, "metadata");
  }

  private static Violation invalid(FieldPath path, JsonNode value, String detail) {
    return new Violation(
        path.toString(), Type.INVALID, Violation.render(value), detail, "metadata");
  }
}
