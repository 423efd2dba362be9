package io.fleetloop.operator.trainingrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A phase's {@code metrics.json} as the trainer wrote it (contract C): its numeric metrics, the
 * model digest and the artifact location.
 *
 * @param metrics every numeric field (loss, accuracy, samples, ...)
 * @param modelDigest {@code sha256:<hex>} the trainer computed, or null
 * @param artifact the model's {@code s3://} URI, or null
 */
public record PhaseReport(Map<String, Double> metrics, String modelDigest, String artifact) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public PhaseReport {
    metrics = Map.copyOf(metrics);
  }

  /** Parses {@code metrics.json}. */
  public static PhaseReport parse(byte[] json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("metrics.json is not JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("metrics.json is not a JSON object");
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    root.properties()
        .forEach(
            e -> {
              if (e.getValue().isNumber()) {
                metrics.put(e.getKey(), e.getValue().asDouble());
              }
            });
    return new PhaseReport(metrics, text(root, "modelDigest"), text(root, "artifact"));
  }

  private static String text(JsonNode root, String field) {
    JsonNode n = root.get(field);
    return n == null || !n.isTextual() ? null : n.asText();
  }
}
