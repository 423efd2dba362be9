package io.fleetloop.contract.cel;

import dev.cel.runtime.CelEvaluationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Words cel-java's evaluation errors the way cel-go (and so the API server) words them. */
final class CelErrors {

  private static final Pattern PREFIX = Pattern.compile("^evaluation error(?: at [^:]*:\\d+)?: ");
  private static final Pattern NO_SUCH_KEY =
      Pattern.compile("key '(.*)' is not present in map\\.?");

  private CelErrors() {}

  static String describe(CelEvaluationException e) {
    Throwable cause = e;
    // a binding's own error is wrapped as "Function '...' failed with arg(s) ..."
    while (cause.getCause() instanceof CelEvaluationException inner) {
      cause = inner;
    }
    String message = PREFIX.matcher(String.valueOf(cause.getMessage())).replaceFirst("");
    Matcher key = NO_SUCH_KEY.matcher(message);
    if (key.find()) {
      return "no such key: " + key.group(1);
    }
    if (message.contains("/ by zero")) {
      return "division by zero";
    }
    if (message.contains("long overflow")) {
      return "integer overflow";
    }
    return message;
  }

  static boolean isNoSuchOverload(String description) {
    String lower = description.toLowerCase();
    return lower.startsWith("no such overload") || lower.startsWith("no matching overload");
  }
}
