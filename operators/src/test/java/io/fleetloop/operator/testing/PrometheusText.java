package io.fleetloop.operator.testing;

import java.util.Map;
import java.util.TreeMap;

/** Reads one sample out of a Prometheus text exposition. */
public final class PrometheusText {

  private PrometheusText() {}

  /**
   * The value of {@code name} whose labels include {@code labels}, summed over the other labels; 0
   * when there is none.
   */
  public static double value(String exposition, String name, Map<String, String> labels) {
    double sum = 0;
    for (String line : exposition.split("\n")) {
      if (line.startsWith("#") || !line.startsWith(name)) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String metric = brace < 0 ? line.substring(0, space) : line.substring(0, brace);
      if (!metric.equals(name)) {
        continue;
      }
      Map<String, String> found = new TreeMap<>();
      if (brace >= 0) {
        String body = line.substring(brace + 1, line.lastIndexOf('}'));
        for (String pair : body.split(",")) {
          int eq = pair.indexOf('=');
          if (eq > 0) {
            found.put(pair.substring(0, eq).trim(), pair.substring(eq + 2, pair.length() - 1));
          }
        }
      }
      if (found.entrySet().containsAll(labels.entrySet())) {
        sum += Double.parseDouble(line.substring(space + 1).trim());
      }
    }
    return sum;
  }
}
