package io.fleetloop.audit.command;

import io.fleetloop.audit.api.ResourceIds;
import io.fleetloop.audit.api.StreamKind;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;

/** Field checks shared by the aggregates; each throws INVALID_ARGUMENT naming the field. */
final class Check {

  private Check() {}

  static String notBlank(String value, String field) {
    if (value == null || value.isBlank()) {
      throw EventRejectedException.invalid(field + " is required");
    }
    return value;
  }

  static void digest(String value, String field) {
    if (!isDigest(value)) {
      throw EventRejectedException.invalid(field + " must be sha256:<64 hex>, was '" + value + "'");
    }
  }

  /** {@code sha256:} and 64 lower-case hex digits (by hand: this runs for every clip). */
  static boolean isDigest(String value) {
    if (value == null || value.length() != 71 || !value.startsWith("sha256:")) {
      return false;
    }
    for (int i = 7; i < 71; i++) {
      char c = value.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  static void range(double value, double min, double max, String field) {
    if (!(value >= min && value <= max)) {
      throw EventRejectedException.invalid(field + " must be in [" + min + ", " + max + "]");
    }
  }

  static void streamId(String value, StreamKind kind, String field) {
    if (!ResourceIds.isOf(value, kind)) {
      throw EventRejectedException.invalid(
          field + " must be a " + kind.displayName() + " id, was '" + value + "'");
    }
  }

  static void unique(Collection<String> values, String field) {
    HashSet<String> seen = new HashSet<>();
    for (String v : values) {
      notBlank(v, field);
      if (!seen.add(v)) {
        throw EventRejectedException.invalid(field + " lists '" + v + "' twice");
      }
    }
  }

  static void finite(Map<String, Double> metrics, String field) {
    metrics.forEach(
        (k, v) -> {
          if (v == null || !Double.isFinite(v)) {
            throw EventRejectedException.invalid(field + "." + k + " must be a finite number");
          }
        });
  }

  static void same(String expected, String actual, String field) {
    if (!expected.equals(actual)) {
      throw EventRejectedException.invalid(
          field + " '" + actual + "' does not match the command's stream '" + expected + "'");
    }
  }
}
