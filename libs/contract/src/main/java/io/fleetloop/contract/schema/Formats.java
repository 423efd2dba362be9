package io.fleetloop.contract.schema;

import com.google.common.net.InetAddresses;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The string formats the API server checks ({@code format:} in a schema), and the conversions CEL
 * applies to them. Formats not listed here are ignored, as the API server ignores unknown ones.
 */
public final class Formats {

  private static final Pattern GO_DURATION =
      Pattern.compile("[-+]?(?:(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:ns|us|µs|μs|ms|s|m|h))+");
  private static final Pattern GO_DURATION_PART =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
  private static final Pattern WORDY_DURATION = Pattern.compile("(?:\\s*\\d+\\s*[A-Za-zµ]+)+\\s*");
  private static final Pattern WORDY_DURATION_PART = Pattern.compile("(\\d+)\\s*([A-Za-zµ]+)");
  private static final Map<String, Duration> WORDY_UNITS =
      Map.ofEntries(
          Map.entry("ns", Duration.ofNanos(1)),
          Map.entry("nano", Duration.ofNanos(1)),
          Map.entry("us", Duration.ofNanos(1_000)),
          Map.entry("µs", Duration.ofNanos(1_000)),
          Map.entry("micro", Duration.ofNanos(1_000)),
          Map.entry("ms", Duration.ofMillis(1)),
          Map.entry("milli", Duration.ofMillis(1)),
          Map.entry("s", Duration.ofSeconds(1)),
          Map.entry("sec", Duration.ofSeconds(1)),
          Map.entry("m", Duration.ofMinutes(1)),
          Map.entry("min", Duration.ofMinutes(1)),
          Map.entry("h", Duration.ofHours(1)),
          Map.entry("hr", Duration.ofHours(1)),
          Map.entry("hour", Duration.ofHours(1)),
          Map.entry("d", Duration.ofDays(1)),
          Map.entry("day", Duration.ofDays(1)),
          Map.entry("w", Duration.ofDays(7)),
          Map.entry("wk", Duration.ofDays(7)),
          Map.entry("week", Duration.ofDays(7)));
  private static final Pattern UUID =
      Pattern.compile("(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private Formats() {}

  /** Whether {@code value} is valid for {@code format}; true for formats that are not checked. */
  public static boolean isValid(String format, String value) {
    return switch (format) {
      case "byte" -> decodeBase64(value).isPresent();
      case "date" -> parseDate(value).isPresent();
      case "date-time", "datetime" -> parseDateTime(value).isPresent();
      case "duration" -> parseDuration(value).isPresent();
      case "uuid" -> UUID.matcher(value).matches();
      case "ipv4" -> isIpv4(value);
      case "ipv6" -> value.contains(":") && InetAddresses.isInetAddress(value);
      case "cidr" -> isCidr(value);
      default -> true;
    };
  }

  /** Standard base64, as {@code format: byte} requires. */
  public static Optional<byte[]> decodeBase64(String value) {
    try {
      return Optional.of(Base64.getDecoder().decode(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** A {@code format: date} value ({@code 2024-05-01}) as midnight UTC. */
  public static Optional<Instant> parseDate(String value) {
    if (!DATE.matcher(value).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** An RFC 3339 date-time. */
  public static Optional<Instant> parseDateTime(String value) {
    try {
      return Optional.of(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * A duration as the API server reads {@code format: duration}: Go syntax ({@code 1h30m}, {@code
   * 250ms}, {@code 1.5s}) or the longer forms {@code strfmt} also accepts ({@code 3 days}, {@code
   * 2w}).
   */
  public static Optional<Duration> parseDuration(String value) {
    if (value.equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    if (GO_DURATION.matcher(value).matches()) {
      return Optional.of(goDuration(value));
    }
    if (!WORDY_DURATION.matcher(value).matches()) {
      return Optional.empty();
    }
    Duration total = Duration.ZERO;
    Matcher m = WORDY_DURATION_PART.matcher(value);
    while (m.find()) {
      Duration unit = wordyUnit(m.group(2).toLowerCase(Locale.ROOT));
      if (unit == null) {
        return Optional.empty();
      }
      total = total.plus(unit.multipliedBy(Long.parseLong(m.group(1))));
    }
    return Optional.of(total);
  }

  private static Duration goDuration(String value) {
    boolean negative = value.startsWith("-");
    Matcher m = GO_DURATION_PART.matcher(value);
    BigDecimal nanos = BigDecimal.ZERO;
    while (m.find()) {
      BigDecimal amount = new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1));
      long unitNanos =
          switch (m.group(2)) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
          };
      nanos = nanos.add(amount.multiply(BigDecimal.valueOf(unitNanos)));
    }
    Duration d = Duration.ofNanos(nanos.longValue());
    return negative ? d.negated() : d;
  }

  private static Duration wordyUnit(String unit) {
    Duration d = WORDY_UNITS.get(unit);
    if (d == null && unit.endsWith("s")) {
      d = WORDY_UNITS.get(unit.substring(0, unit.length() - 1));
    }
    return d;
  }

  private static boolean isIpv4(String value) {
    return !value.contains(":") && value.split("\\.", -1).length == 4 && isIp(value);
  }

  private static boolean isIp(String value) {
    return InetAddresses.isInetAddress(value);
  }

  private static boolean isCidr(String value) {
    int slash = value.indexOf('/');
    if (slash < 0 || !isIp(value.substring(0, slash))) {
      return false;
    }
    String bits = value.substring(slash + 1);
    if (!bits.matches("\\d{1,3}")) {
      return false;
    }
    int max = value.contains(":") ? 128 : 32;
    return Integer.parseInt(bits) <= max;
  }
}
