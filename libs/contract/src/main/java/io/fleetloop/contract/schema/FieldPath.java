package io.fleetloop.contract.schema;

/**
 * A path to a field, printed as the API server prints it: {@code spec.stages[0].percent}, map keys
 * in brackets ({@code spec.nodeSelector[zone]}).
 */
public final class FieldPath {

  private static final FieldPath ROOT = new FieldPath("");

  private final String text;

  private FieldPath(String text) {
    this.text = text;
  }

  public static FieldPath root() {
    return ROOT;
  }

  /** A path from its printed form (as returned by {@link #toString()}). */
  public static FieldPath of(String text) {
    return text == null || text.isEmpty() ? ROOT : new FieldPath(text);
  }

  public FieldPath child(String name) {
    return new FieldPath(text.isEmpty() ? name : text + "." + name);
  }

  public FieldPath index(int i) {
    return new FieldPath(text + "[" + i + "]");
  }

  public FieldPath key(String key) {
    return new FieldPath(text + "[" + key + "]");
  }

  /** As it appears inside schema error details: {@code spec.priority in body ...}. */
  public String inBody() {
    return text.isEmpty() ? "body" : text + " in body";
  }

  @Override
  public String toString() {
    return text;
  }
}
