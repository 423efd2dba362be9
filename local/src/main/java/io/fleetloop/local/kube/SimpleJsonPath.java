package io.fleetloop.local.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "simple JSON path" of CRD printer columns: {@code .a.b}, {@code .a[0]}, {@code .a[*].b},
 * {@code .a['b.c']} and filters {@code .a[?(@.type=="Ready")].status} (with {@code ==} or {@code
 * !=} against a string, number or boolean literal).
 */
final class SimpleJsonPath {

  private static final Pattern FILTER =
      Pattern.compile("\\?\\(@((?:\\.[^=!]+?)+)\\s*(==|!=)\\s*(.+?)\\s*\\)");

  private final List<String> steps;

  private SimpleJsonPath(List<String> steps) {
    this.steps = steps;
  }

  /** Parses {@code path}; a leading {@code $}, {@code {} and {@code }} are tolerated. */
  static SimpleJsonPath parse(String path) {
    String p = path.trim();
    if (p.startsWith("{") && p.endsWith("}")) {
      p = p.substring(1, p.length() - 1).trim();
    }
    if (p.startsWith("$")) {
      p = p.substring(1);
    }
    List<String> steps = new ArrayList<>();
    int i = 0;
    while (i < p.length()) {
      char c = p.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < p.length() && p.charAt(end) != '.' && p.charAt(end) != '[') {
          end++;
        }
        if (end > i + 1) {
          steps.add("." + p.substring(i + 1, end));
        }
        i = end;
      } else if (c == '[') {
        int end = closingBracket(p, i);
        steps.add(p.substring(i, end + 1));
        i = end + 1;
      } else {
        throw new IllegalArgumentException("unsupported JSON path " + path);
      }
    }
    return new SimpleJsonPath(steps);
  }

  private static int closingBracket(String p, int open) {
    boolean quoted = false;
    char quote = 0;
    for (int i = open + 1; i < p.length(); i++) {
      char c = p.charAt(i);
      if (quoted) {
        if (c == quote) {
          quoted = false;
        }
      } else if (c == '"' || c == '\'') {
        quoted = true;
        quote = c;
      } else if (c == ']') {
        return i;
      }
    }
    throw new IllegalArgumentException("unbalanced [ in JSON path " + p);
  }

  /** Every node the path selects in {@code root}, in document order. */
  List<JsonNode> select(JsonNode root) {
    List<JsonNode> current = List.of(root);
    for (String step : steps) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : current) {
        apply(step, node, next);
      }
      current = next;
    }
    return current;
  }

  private static void apply(String step, JsonNode node, List<JsonNode> out) {
    if (step.startsWith(".")) {
      addIfPresent(node.get(step.substring(1)), out);
      return;
    }
    String inner = step.substring(1, step.length() - 1).trim();
    if (inner.equals("*")) {
      node.forEach(out::add);
    } else if (inner.startsWith("'") || inner.startsWith("\"")) {
      addIfPresent(node.get(inner.substring(1, inner.length() - 1)), out);
    } else if (inner.startsWith("?")) {
      Matcher m = FILTER.matcher(inner);
      if (!m.matches()) {
        throw new IllegalArgumentException("unsupported JSON path filter " + step);
      }
      SimpleJsonPath field = parse(m.group(1));
      boolean equals = m.group(2).equals("==");
      String literal = unquote(m.group(3));
      for (JsonNode element : node.isArray() ? node : List.<JsonNode>of()) {
        List<JsonNode> values = field.select(element);
        boolean match = !values.isEmpty() && values.get(0).asText().equals(literal);
        if (match == equals) {
          out.add(element);
        }
      }
    } else {
      int index = Integer.parseInt(inner);
      if (node.isArray()) {
        addIfPresent(node.get(index < 0 ? node.size() + index : index), out);
      }
    }
  }

  private static String unquote(String literal) {
    String l = literal.trim();
    if (l.length() >= 2
        && (l.startsWith("\"") && l.endsWith("\"") || l.startsWith("'") && l.endsWith("'"))) {
      return l.substring(1, l.length() - 1);
    }
    return l;
  }

  private static void addIfPresent(JsonNode node, List<JsonNode> out) {
    if (node != null && !node.isMissingNode() && !node.isNull()) {
      out.add(node);
    }
  }
}
