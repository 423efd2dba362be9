package io.fleetloop.operator.trainingrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validator's {@code validation.json} as the operator reads it (see docs/validation.md).
 *
 * @param digest the digest of the model the validator verified and measured
 * @param suites the suites run, in order
 * @param metrics the measured figures: {@code accuracy} (lowest over the suites), {@code
 *     accuracy.<suite>}, {@code chipDisagreement} and {@code chipDisagreement.<suite>} when
 *     measured
 * @param passed true when every gate held
 * @param reasons why not
 * @param summary the gates as evaluated, in words
 */
public record ValidationOutcome(
    String digest,
    List<String> suites,
    Map<String, Double> metrics,
    boolean passed,
    List<String> reasons,
    String summary) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public ValidationOutcome {
    suites = List.copyOf(suites);
    metrics = Map.copyOf(metrics);
    reasons = List.copyOf(reasons);
  }

  /**
   * Parses {@code validation.json}.
   *
   * @throws IllegalArgumentException when it is not a validator report
   */
  public static ValidationOutcome parse(byte[] json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject() || !root.path("passed").isBoolean()) {
      throw new IllegalArgumentException("not a validation report (no boolean 'passed')");
    }
    List<String> suites = new ArrayList<>();
    root.path("suites").forEach(s -> suites.add(s.asText()));
    Map<String, Double> metrics = new LinkedHashMap<>();
    number(metrics, "accuracy", root.path("accuracy"));
    number(metrics, "chipDisagreement", root.path("chipDisagreement"));
    for (String s : suites) {
      JsonNode suite = root.path("perSuite").path(s);
      number(metrics, "accuracy." + s, suite.path("accuracy"));
      number(metrics, "chipDisagreement." + s, suite.path("chipDisagreement"));
    }
    List<String> reasons = new ArrayList<>();
    root.path("reasons").forEach(r -> reasons.add(r.asText()));
    return new ValidationOutcome(
        root.path("digest").asText(null),
        suites,
        metrics,
        root.get("passed").asBoolean(),
        reasons,
        root.path("summary").asText(""));
  }

  private static void number(Map<String, Double> into, String key, JsonNode n) {
    if (n.isNumber() && Double.isFinite(n.asDouble())) {
      into.put(key, n.asDouble());
    }
  }
}
