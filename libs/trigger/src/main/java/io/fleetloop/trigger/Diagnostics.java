package io.fleetloop.trigger;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelSource;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.CelKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns CEL's issues into {@link CompileError}s a user can act on — position, the CEL message, a
 * hint where one helps, the line with a caret — and adds the checks CEL's type system cannot make
 * (values of the closed {@code env} sets, a {@code bool} result rather than {@code dyn}).
 */
final class Diagnostics {

  private static final Pattern UNDEFINED_FIELD = Pattern.compile("undefined field '([^']*)'");
  private static final Pattern UNDECLARED =
      Pattern.compile("undeclared reference to '([^']*)'( \\(in container ''\\))?");
  private static final Pattern INT_DOUBLE_EQUALITY =
      Pattern.compile(
          "no matching overload for '(_==_|_!=_|@in)' applied to"
              + " '\\((double, int|int, double|int, list\\(double\\)|double, list\\(int\\))\\)'");
  private static final Pattern NOT_BOOL =
      Pattern.compile("expected type 'bool' but found '([^']*)'");

  private Diagnostics() {}

  /** A CEL parser or checker issue. */
  static CompileError fromIssue(CelIssue issue, CelSource source, String condition) {
    String message = issue.getMessage();
    CelSourceLocation location = issue.getSourceLocation();
    int offset = location.getLine() > 0 ? source.getLocationOffset(location).orElse(-1) : -1;

    Matcher m = UNDEFINED_FIELD.matcher(message);
    if (m.find()) {
      // CEL points at the '.'; point at the misspelt name instead.
      offset = skipDotAndSpace(condition, offset);
      message = message + fieldHint(condition, offset, m.group(1));
    } else if ((m = UNDECLARED.matcher(message)).find()) {
      message = "undeclared reference to '" + m.group(1) + "'" + variableHint(m.group(1));
    } else if (INT_DOUBLE_EQUALITY.matcher(message).find()) {
      message =
          message
              + "; == and != (and in) need both sides of the same type: write 30.0, not 30, to"
              + " compare with a double";
    } else if ((m = NOT_BOOL.matcher(message)).find()) {
      message = message + "; a trigger condition must be true or false, e.g. frame.speedMps > 30.0";
    }
    return at(source, offset, message);
  }

  /** The checks on a well-typed condition that CEL's checker does not make. */
  static List<CompileError> validate(CelAbstractSyntaxTree ast) {
    List<CompileError> errors = new ArrayList<>();
    CelKind result = ast.getResultType().kind();
    if (result != CelKind.BOOL) {
      errors.add(
          at(
              ast.getSource(),
              position(ast, ast.getExpr()),
              "the condition's type is "
                  + ast.getResultType().name()
                  + ", not bool; a trigger condition must be true or false"));
    }
    CelNavigableAst.fromAst(ast)
        .getRoot()
        .allNodes()
        .map(CelNavigableExpr::expr)
        .forEach(
            x -> {
              checkTagLiterals(ast, x, errors);
              if (x.getKind() == CelExpr.ExprKind.Kind.STRUCT) {
                errors.add(
                    at(
                        ast.getSource(),
                        position(ast, x),
                        "creating a "
                            + x.struct().messageName()
                            + " value is not supported in a trigger condition; read the"
                            + " variables frame, shadow, env and device instead"));
              }
            });
    errors.sort(Comparator.comparingInt(CompileError::offset));
    return errors;
  }

  /** {@code env.weather == 'foggy'} can never be true: reject the literal. */
  private static void checkTagLiterals(
      CelAbstractSyntaxTree ast, CelExpr x, List<CompileError> errors) {
    if (x.getKind() != CelExpr.ExprKind.Kind.CALL) {
      return;
    }
    String fn = x.call().function();
    List<CelExpr> args = x.call().args();
    if ((fn.equals("_==_") || fn.equals("_!=_")) && args.size() == 2) {
      checkTagLiteral(ast, args.get(0), args.get(1), errors);
      checkTagLiteral(ast, args.get(1), args.get(0), errors);
    } else if (fn.equals("@in")
        && args.size() == 2
        && args.get(1).getKind() == CelExpr.ExprKind.Kind.LIST) {
      for (CelExpr element : args.get(1).list().elements()) {
        checkTagLiteral(ast, args.get(0), element, errors);
      }
    }
  }

  private static void checkTagLiteral(
      CelAbstractSyntaxTree ast, CelExpr field, CelExpr literal, List<CompileError> errors) {
    if (field.getKind() != CelExpr.ExprKind.Kind.SELECT
        || field.select().testOnly()
        || field.select().operand().getKind() != CelExpr.ExprKind.Kind.IDENT
        || !field.select().operand().ident().name().equals(TriggerVariables.ENV.name())
        || literal.getKind() != CelExpr.ExprKind.Kind.CONSTANT
        || literal.constant().getKind() != dev.cel.common.ast.CelConstant.Kind.STRING_VALUE) {
      return;
    }
    Optional<TriggerVariables.Field> declared = TriggerVariables.ENV.field(field.select().field());
    if (declared.isEmpty() || declared.get().values().isEmpty()) {
      return;
    }
    List<String> values = declared.get().values();
    String value = literal.constant().stringValue();
    if (values.contains(value)) {
      return;
    }
    String message =
        "'"
            + value
            + "' is not a value of env."
            + declared.get().name()
            + " ("
            + String.join(", ", values)
            + "), so this comparison is never true"
            + closest(value, values).map(c -> "; did you mean '" + c + "'?").orElse("");
    errors.add(at(ast.getSource(), position(ast, literal), message));
  }

  /** An error at a code-point offset of the source (-1: no position). */
  static CompileError at(CelSource source, int offset, String message) {
    Optional<CelSourceLocation> location =
        offset < 0 ? Optional.empty() : source.getOffsetLocation(offset);
    if (location.isEmpty()) {
      return CompileError.withoutPosition(message);
    }
    int line = location.get().getLine();
    int column = location.get().getColumn() + 1;
    int[] text = source.getSnippet(line).orElse("").codePoints().toArray();
    // Long lines (one-line conditions run to thousands of characters) are cut around the column.
    int from = Math.max(0, column - 1 - SNIPPET_CONTEXT);
    int to = Math.min(text.length, column - 1 + SNIPPET_CONTEXT);
    String head = from > 0 ? "..." : "";
    String tail = to < text.length ? "..." : "";
    String shown = head + new String(text, from, Math.max(0, to - from)) + tail;
    String caret = ".".repeat(head.length() + column - 1 - from) + "^";
    return new CompileError(message, line, column, offset, " | " + shown + "\n | " + caret);
  }

  private static final int SNIPPET_CONTEXT = 60;

  private static int position(CelAbstractSyntaxTree ast, CelExpr x) {
    return ast.getSource().getPositionsMap().getOrDefault(x.id(), -1);
  }

  private static int skipDotAndSpace(String condition, int offset) {
    if (offset < 0) {
      return offset;
    }
    int[] cps = condition.codePoints().toArray();
    int i = offset;
    if (i < cps.length && cps[i] == '.') {
      i++;
      while (i < cps.length && Character.isWhitespace(cps[i])) {
        i++;
      }
    }
    return i < cps.length ? i : offset;
  }

  /** "did you mean" among the fields of the variable before the '.', or the list of them. */
  private static String fieldHint(String condition, int nameOffset, String name) {
    String owner = identifierBefore(condition, nameOffset);
    Optional<TriggerVariables.Variable> variable = TriggerVariables.variable(owner);
    List<String> candidates =
        variable
            .map(v -> v.fields().stream().map(TriggerVariables.Field::name).toList())
            .orElseGet(
                () ->
                    TriggerVariables.all().stream()
                        .flatMap(v -> v.fields().stream())
                        .map(TriggerVariables.Field::name)
                        .distinct()
                        .toList());
    Optional<String> guess = closest(name, candidates);
    if (guess.isPresent()) {
      return " (did you mean '" + guess.get() + "'?)";
    }
    return variable.map(v -> "; " + v.name() + " has " + String.join(", ", candidates)).orElse("");
  }

  private static String variableHint(String name) {
    List<String> names =
        TriggerVariables.all().stream().map(TriggerVariables.Variable::name).toList();
    return closest(name, names)
        .map(c -> " (did you mean '" + c + "'?)")
        .orElse("; the variables are frame, shadow, env and device");
  }

  /** The identifier just before the '.' that precedes {@code offset}, or "". */
  private static String identifierBefore(String condition, int offset) {
    if (offset < 0) {
      return "";
    }
    int[] cps = condition.codePoints().toArray();
    int i = Math.min(offset, cps.length) - 1;
    while (i >= 0 && Character.isWhitespace(cps[i])) {
      i--;
    }
    if (i < 0 || cps[i] != '.') {
      return "";
    }
    i--;
    while (i >= 0 && Character.isWhitespace(cps[i])) {
      i--;
    }
    int end = i + 1;
    while (i >= 0 && (Character.isLetterOrDigit(cps[i]) || cps[i] == '_')) {
      i--;
    }
    return new String(cps, i + 1, end - (i + 1));
  }

  /** The candidate nearest to {@code word} when it is near enough to be a slip of the keys. */
  static Optional<String> closest(String word, List<String> candidates) {
    String lower = word.toLowerCase(Locale.ROOT);
    return candidates.stream()
        .filter(
            c -> {
              String candidate = c.toLowerCase(Locale.ROOT);
              boolean prefix =
                  Math.min(lower.length(), candidate.length()) >= 3
                      && (lower.startsWith(candidate) || candidate.startsWith(lower));
              return prefix || distance(lower, candidate) <= Math.max(1, candidate.length() / 4);
            })
        .min(
            Comparator.comparingInt((String c) -> distance(lower, c.toLowerCase(Locale.ROOT)))
                .thenComparing(c -> c));
  }

  /** Optimal string alignment distance: edits, with a swap of neighbours as one edit. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
