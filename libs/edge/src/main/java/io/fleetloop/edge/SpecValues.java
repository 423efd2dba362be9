package io.fleetloop.edge;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the string-typed values of a {@code DataTrigger} spec into what {@link EdgeTrigger} holds:
 * Kubernetes-style durations ({@code 30s}, {@code 1m30s}, {@code 500ms}, {@code 2h}) and quantities
 * ({@code 64Mi}, {@code 1G}, {@code 500000}). For the release channel, which maps the custom
 * resource onto edge triggers.
 */
public final class SpecValues {

  private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
  private static final Pattern QUANTITY = Pattern.compile("(\\d+)(Ki|Mi|Gi|Ti|k|M|G|T)?");

  private SpecValues() {}

  /**
   * A Go-style duration: one or more {@code <number><unit>} parts, units {@code ms s m h}.
   *
   * @throws IllegalArgumentException naming the value when it is not a duration
   */
  public static Duration duration(String text) {
    String s = text == null ? "" : text.trim();
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION_PART.matcher(s);
    int at = 0;
    double millis = 0;
    while (at < s.length() && m.find(at) && m.start() == at) {
      double n = Double.parseDouble(m.group(1));
      millis +=
          switch (m.group(2)) {
            case "ms" -> n;
            case "s" -> n * 1_000;
            case "m" -> n * 60_000;
            default -> n * 3_600_000;
          };
      at = m.end();
    }
    if (s.isEmpty() || at != s.length()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration; write e.g. 500ms, 5s, 1m30s or 2h");
    }
    return Duration.ofMillis(Math.round(millis));
  }

  /**
   * A Kubernetes quantity of bytes: an integer with an optional suffix {@code Ki Mi Gi Ti} (powers
   * of 1024) or {@code k M G T} (powers of 1000).
   *
   * @throws IllegalArgumentException naming the value when it is not a byte quantity
   */
  public static long bytes(String text) {
    String s = text == null ? "" : text.trim();
    Matcher m = QUANTITY.matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a byte quantity; write e.g. 64Mi, 1Gi or 500000");
    }
    long n = Long.parseLong(m.group(1));
    String suffix = m.group(2) == null ? "" : m.group(2);
    long unit =
        switch (suffix.toLowerCase(Locale.ROOT)) {
          case "ki" -> 1L << 10;
          case "mi" -> 1L << 20;
          case "gi" -> 1L << 30;
          case "ti" -> 1L << 40;
          case "k" -> 1_000L;
          case "m" -> 1_000_000L;
          case "g" -> 1_000_000_000L;
          case "t" -> 1_000_000_000_000L;
          default -> 1L;
        };
    return Math.multiplyExact(n, unit);
  }
}
