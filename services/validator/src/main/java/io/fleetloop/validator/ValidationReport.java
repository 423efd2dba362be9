package io.fleetloop.validator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a validation, written as {@code validation.json} next to the model.
 *
 * @param model the model's {@code s3://} address
 * @param digest the verified {@code sha256:} digest of its bytes
 * @param suites the suites, in order
 * @param accuracy the lowest deployed accuracy over the suites
 * @param perSuite each suite's figures
 * @param chipDisagreement the tail suite's chip disagreement (the highest over the suites when
 *     there is no tail suite); null without a chip deployment
 * @param gates the thresholds applied
 * @param passed true when every gate holds
 * @param reasons why it did not pass (empty when it passed)
 * @param summary the gates as evaluated, e.g. {@code accuracy 0.981 ≥ 0.97 on heldout, chip
 *     disagreement 0.004 ≤ 0.01 on tail}
 */
public record ValidationReport(
    String model,
    String digest,
    List<String> suites,
    double accuracy,
    Map<String, SuiteResult> perSuite,
    Double chipDisagreement,
    Gates gates,
    boolean passed,
    List<String> reasons,
    String summary) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public ValidationReport {
    suites = List.copyOf(suites);
    perSuite = Map.copyOf(perSuite);
    reasons = List.copyOf(reasons);
  }

  /** The report as pretty-printed JSON (the {@code validation.json} contract). */
  public byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("model", model);
    root.put("digest", digest);
    ArrayNode s = root.putArray("suites");
    suites.forEach(s::add);
    root.put("accuracy", accuracy);
    ObjectNode per = root.putObject("perSuite");
    for (String name : suites) {
      SuiteResult r = perSuite.get(name);
      ObjectNode n = per.putObject(name);
      n.put("worldSeed", r.worldSeed());
      n.put("frames", r.frames());
      n.put("accuracy", r.accuracy());
      n.put("fp32Accuracy", r.fp32Accuracy());
      n.put("hazardFrames", r.hazardFrames());
      number(n, "hazardAccuracy", r.hazardAccuracy());
      number(n, "chipDisagreement", r.chipDisagreement());
      ObjectNode cond = n.putObject("perCondition");
      r.perCondition()
          .forEach(
              (label, c) -> {
                ObjectNode cn = cond.putObject(label);
                cn.put("frames", c.frames());
                cn.put("accuracy", c.accuracy());
              });
    }
    number(root, "chipDisagreement", chipDisagreement);
    ObjectNode g = root.putObject("gates");
    number(g, "minAccuracy", gates.minAccuracy());
    number(g, "maxChipDisagreement", gates.maxChipDisagreement());
    root.put("passed", passed);
    ArrayNode rs = root.putArray("reasons");
    reasons.forEach(rs::add);
    root.put("summary", summary);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (Exception e) {
      throw new IllegalStateException("cannot write the validation report: " + e.getMessage(), e);
    }
  }

  private static void number(ObjectNode n, String field, Double v) {
    if (v == null || v.isNaN()) {
      n.putNull(field);
    } else {
      n.put(field, v);
    }
  }
}
