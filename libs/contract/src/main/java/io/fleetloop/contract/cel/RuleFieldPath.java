package io.fleetloop.contract.cel;

import io.fleetloop.contract.crd.Schema;
import io.fleetloop.contract.schema.FieldPath;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule's {@code fieldPath}: a relative path of field and map accessors ({@code .minKm}, {@code
 * .labels['app.kubernetes.io/name']}) that must name a field the schema declares; errors for the
 * rule are reported on it.
 */
public final class RuleFieldPath {

  private record Step(String name, boolean key) {}

  private final List<Step> steps;

  private RuleFieldPath(List<Step> steps) {
    this.steps = steps;
  }

  /**
   * Parses {@code text} relative to {@code node}.
   *
   * @throws IllegalArgumentException saying why the path is not valid there
   */
  public static RuleFieldPath parse(String text, Schema node) {
    List<Step> steps = new ArrayList<>();
    Schema current = node;
    int i = 0;
    if (text.isEmpty()) {
      throw new IllegalArgumentException("must not be empty");
    }
    while (i < text.length()) {
      String name;
      if (text.charAt(i) == '.') {
        int end = i + 1;
        while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
          end++;
        }
        name = text.substring(i + 1, end);
        i = end;
      } else if (text.startsWith("['", i)) {
        int end = text.indexOf("']", i + 2);
        if (end < 0) {
          throw new IllegalArgumentException("unclosed ['...'] in " + text);
        }
        name = text.substring(i + 2, end);
        i = end + 2;
      } else {
        throw new IllegalArgumentException(
            "expected '.' or \"['\" at position " + i + " of " + text);
      }
      if (name.isEmpty()) {
        throw new IllegalArgumentException("empty field name in " + text);
      }
      if (current.properties().containsKey(name)) {
        steps.add(new Step(name, false));
        current = current.properties().get(name);
      } else if (current.additionalProperties() != null) {
        steps.add(new Step(name, true));
        current = current.additionalProperties();
      } else {
        throw new IllegalArgumentException("does not refer to a valid field: " + name);
      }
    }
    return new RuleFieldPath(List.copyOf(steps));
  }

  /** The path of the field below {@code base}. */
  public FieldPath below(FieldPath base) {
    FieldPath path = base;
    for (Step step : steps) {
      path = step.key() ? path.key(step.name()) : path.child(step.name());
    }
    return path;
  }
}
