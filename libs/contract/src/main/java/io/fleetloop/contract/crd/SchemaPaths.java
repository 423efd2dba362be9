package io.fleetloop.contract.crd;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every node of a schema with its path, in document order: {@code spec.stages}, list items and map
 * values as {@code [*]} ({@code spec.stages[*].percent}). The root's path is empty.
 */
public final class SchemaPaths {

  private final Map<Schema, String> paths = new IdentityHashMap<>();
  private final Map<String, Schema> nodes = new LinkedHashMap<>();

  public SchemaPaths(Schema root) {
    visit(root, "");
  }

  /** Path to node, in document order. */
  public Map<String, Schema> nodes() {
    return Collections.unmodifiableMap(nodes);
  }

  /** The path of a node of this schema (empty for the root and for unknown nodes). */
  public String pathOf(Schema node) {
    return paths.getOrDefault(node, "");
  }

  private void visit(Schema node, String path) {
    paths.put(node, path);
    nodes.put(path, node);
    node.properties().forEach((name, p) -> visit(p, path.isEmpty() ? name : path + "." + name));
    if (node.items() != null) {
      visit(node.items(), path + "[*]");
    }
    if (node.additionalProperties() != null) {
      visit(node.additionalProperties(), path + "[*]");
    }
  }
}
