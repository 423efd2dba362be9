package io.fleetloop.audit.api.event;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Null-safe immutable copies for event fields (a missing list in JSON reads as empty). */
final class Lists {
  private Lists() {}

  static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  /** Sorted, so that equal maps serialize to equal JSON. */
  static <V> Map<String, V> copy(Map<String, V> map) {
    return map == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(map));
  }
}
