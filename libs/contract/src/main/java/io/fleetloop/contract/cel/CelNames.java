package io.fleetloop.contract.cel;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the API server exposes property names to CEL: names that are CEL identifiers as they are,
 * reserved words as {@code __name__}, and {@code -}, {@code .}, {@code /} and {@code __} escaped
 * ({@code __dash__}, {@code __dot__}, {@code __slash__}, {@code __underscores__}). Other names are
 * not accessible from rules.
 */
public final class CelNames {

  private static final Set<String> RESERVED =
      Set.of(
          "true",
          "false",
          "null",
          "in",
          "as",
          "break",
          "const",
          "continue",
          "else",
          "for",
          "function",
          "if",
          "import",
          "let",
          "loop",
          "package",
          "namespace",
          "return",
          "var",
          "void",
          "while");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern ESCAPABLE = Pattern.compile("[a-zA-Z_.\\-/][a-zA-Z0-9_.\\-/]*");

  private CelNames() {}

  /** The CEL field name of a property, or empty when rules cannot access it. */
  public static Optional<String> escape(String name) {
    if (RESERVED.contains(name)) {
      return Optional.of("__" + name + "__");
    }
    if (IDENTIFIER.matcher(name).matches() && !name.contains("__")) {
      return Optional.of(name);
    }
    if (!ESCAPABLE.matcher(name).matches()) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '_' && i + 1 < name.length() && name.charAt(i + 1) == '_') {
        out.append("__underscores__");
        i++;
      } else if (c == '.') {
        out.append("__dot__");
      } else if (c == '-') {
        out.append("__dash__");
      } else if (c == '/') {
        out.append("__slash__");
      } else {
        out.append(c);
      }
    }
    return Optional.of(out.toString());
  }
}
