package io.fleetloop.audit.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * Reads and writes the instants of the audit JSON ({@code 2026-11-21T10:00:00Z}, with 3, 6 or 9
 * fraction digits when there is a fraction) without {@code DateTimeFormatter}, which costs more
 * than the rest of a clip record. The text is exactly {@link DateTimeFormatter#ISO_INSTANT}'s (what
 * jackson-datatype-jsr310 writes, so stored payloads do not change); anything else (years outside
 * 0-9999 when writing; offsets, numbers, out-of-range fields, leap seconds when reading) goes to
 * jackson-datatype-jsr310's own code, so values and errors are the same too. Every clip carries an
 * instant, and events are written on every append and read on every wire append, projection pass
 * and aggregate replay.
 */
public final class FastInstants {

  private static final long SECONDS_PER_DAY = 86_400;

  private FastInstants() {}

  /**
   * A module that reads and writes {@link Instant}s this way (register it after JavaTimeModule).
   */
  public static SimpleModule module() {
    SimpleModule module = new SimpleModule("fleetloop-fast-instants");
    module.addDeserializer(Instant.class, new Reader());
    module.addSerializer(Instant.class, new Writer());
    return module;
  }

  private static final class Reader extends JsonDeserializer<Instant> {

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.hasToken(JsonToken.VALUE_STRING)) {
        Instant fast = parse(p.getText());
        if (fast != null) {
          return fast;
        }
      }
      return InstantDeserializer.INSTANT.deserialize(p, ctxt);
    }

    @Override
    public Class<?> handledType() {
      return Instant.class;
    }
  }

  private static final class Writer extends JsonSerializer<Instant> {
    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      gen.writeString(format(value));
    }

    @Override
    public Class<Instant> handledType() {
      return Instant.class;
    }
  }

  /** {@code DateTimeFormatter.ISO_INSTANT.format(instant)}, by hand for years 0 to 9999. */
  static String format(Instant instant) {
    long seconds = instant.getEpochSecond();
    long epochDay = Math.floorDiv(seconds, SECONDS_PER_DAY);
    int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
    if (epochDay < MIN_FAST_EPOCH_DAY || epochDay > MAX_FAST_EPOCH_DAY) {
      return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
    LocalDate date = LocalDate.ofEpochDay(epochDay);
    int nanos = instant.getNano();
    char[] out =
        new char[nanos == 0 ? 20 : nanos % 1_000_000 == 0 ? 24 : nanos % 1_000 == 0 ? 27 : 30];
    put(out, 0, date.getYear(), 4);
    out[4] = '-';
    put(out, 5, date.getMonthValue(), 2);
    out[7] = '-';
    put(out, 8, date.getDayOfMonth(), 2);
    out[10] = 'T';
    put(out, 11, secondOfDay / 3600, 2);
    out[13] = ':';
    put(out, 14, secondOfDay / 60 % 60, 2);
    out[16] = ':';
    put(out, 17, secondOfDay % 60, 2);
    if (nanos != 0) {
      out[19] = '.';
      int digits = out.length - 21;
      put(out, 20, nanos / POWERS[9 - digits], digits);
    }
    out[out.length - 1] = 'Z';
    return new String(out);
  }

  private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};
  private static final long MIN_FAST_EPOCH_DAY = LocalDate.of(0, 1, 1).toEpochDay();
  private static final long MAX_FAST_EPOCH_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

  private static void put(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} with a four-digit year, or null for anything else
   * (including values out of range, which the standard parser reports).
   */
  static Instant parse(String s) {
    int n = s.length();
    if (n < 20
        || n > 30
        || n == 21
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':'
        || s.charAt(n - 1) != 'Z') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0
        || month < 0
        || day < 0
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return null;
    }
    int nanos = 0;
    if (n > 20) {
      if (s.charAt(19) != '.') {
        return null;
      }
      int fraction = n - 21; // between 1 and 9 digits
      nanos = digits(s, 20, fraction);
      if (nanos < 0) {
        return null;
      }
      for (int i = fraction; i < 9; i++) {
        nanos *= 10;
      }
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return null;
    }
    return Instant.ofEpochSecond(
        epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nanos);
  }

  /** The non-negative value of {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
