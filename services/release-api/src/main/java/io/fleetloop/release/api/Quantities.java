package io.fleetloop.release.api;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the quantities and durations of a DataTrigger spec into what devices get: bytes ({@code
 * 64Mi}, {@code 1.5G}) and milliseconds ({@code 5s}, {@code 1m30s}, {@code 250ms}), with the same
 * grammar the CRD's patterns accept.
 */
public final class Quantities {

  private static final Pattern QUANTITY =
      Pattern.compile("^([0-9]+(?:\\.[0-9]+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$");
  private static final Pattern DURATION_PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");

  private Quantities() {}

  /** Bytes of a quantity such as {@code 64Mi}. */
  public static long bytes(String quantity) {
    Matcher m = QUANTITY.matcher(quantity == null ? "" : quantity.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a byte quantity: '" + quantity + "' (e.g. 64Mi)");
    }
    long unit =
        switch (m.group(2) == null ? "" : m.group(2)) {
          case "Ki" -> 1L << 10;
          case "Mi" -> 1L << 20;
          case "Gi" -> 1L << 30;
          case "Ti" -> 1L << 40;
          case "k" -> 1_000L;
          case "M" -> 1_000_000L;
          case "G" -> 1_000_000_000L;
          case "T" -> 1_000_000_000_000L;
          default -> 1L;
        };
    return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).longValue();
  }

  /** Milliseconds of a duration such as {@code 5s} or {@code 1m30s}. */
  public static long millis(String duration) {
    String d = duration == null ? "" : duration.trim();
    Matcher m = DURATION_PART.matcher(d);
    int end = 0;
    BigDecimal total = BigDecimal.ZERO;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      long unit =
          switch (m.group(2)) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            default -> 3_600_000L;
          };
      total = total.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
      end = m.end();
    }
    if (d.isEmpty() || end != d.length()) {
      throw new IllegalArgumentException("not a duration: '" + duration + "' (e.g. 5s, 1m30s)");
    }
    return total.longValue();
  }
}
