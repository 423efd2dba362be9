package io.fleetloop.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetloop.contract.DocumentResult.Outcome;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/** What {@link ManifestValidator} found, with the text and JSON forms the CLI prints. */
public record ValidationReport(List<DocumentResult> results) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public ValidationReport {
    results = List.copyOf(results);
  }

  public long count(Outcome outcome) {
    return results.stream().filter(r -> r.outcome() == outcome).count();
  }

  public boolean hasViolations() {
    return count(Outcome.INVALID) > 0;
  }

  public boolean hasUnreadableInput() {
    return count(Outcome.UNREADABLE) > 0;
  }

  /** 0: all valid; 1: some document would be rejected; 2: some input could not be read. */
  public int exitCode() {
    if (hasUnreadableInput()) {
      return 2;
    }
    return hasViolations() ? 1 : 0;
  }

  /**
   * One line per valid, skipped or unreadable document and per violation, then a summary:
   *
   * <pre>
   * examples/fr.yaml: FleetRelease/canary: OK
   * bad.yaml:doc#2 FleetRelease/x: spec.stages: Invalid value: "array": ...
   * </pre>
   */
  public String toText() {
    StringBuilder s = new StringBuilder();
    for (DocumentResult r : results) {
      switch (r.outcome()) {
        case VALID -> line(s, r.file() + ": " + r.displayName() + ": OK");
        case INVALID ->
            r.violations().forEach(v -> line(s, r.position() + " " + r.displayName() + ": " + v));
        case SKIPPED ->
            line(s, r.position() + " " + r.displayName() + ": skipped (" + r.note() + ")");
        case UNREADABLE -> line(s, r.file() + ": error: " + r.note());
      }
    }
    line(s, summary());
    return s.toString();
  }

  /** {@code 4 documents: 2 valid, 1 invalid, 1 skipped}. */
  public String summary() {
    long documents = results.size() - count(Outcome.UNREADABLE);
    String text =
        "%d document%s: %d valid, %d invalid, %d skipped"
            .formatted(
                documents,
                documents == 1 ? "" : "s",
                count(Outcome.VALID),
                count(Outcome.INVALID),
                count(Outcome.SKIPPED));
    long unreadable = count(Outcome.UNREADABLE);
    return unreadable == 0 ? text : text + "; %d unreadable".formatted(unreadable);
  }

  /** The report as a JSON document (for tools and CI annotations). */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("valid", exitCode() == 0);
    ObjectNode summary = root.putObject("summary");
    summary.put("documents", results.size() - count(Outcome.UNREADABLE));
    for (Outcome outcome : Outcome.values()) {
      summary.put(outcome.name().toLowerCase(Locale.ROOT), count(outcome));
    }
    ArrayNode list = root.putArray("results");
    for (DocumentResult r : results) {
      ObjectNode o = list.addObject();
      o.put("file", r.file());
      o.put("document", r.document());
      if (r.item() >= 0) {
        o.put("item", r.item());
      }
      o.put("apiVersion", r.apiVersion());
      o.put("kind", r.kind());
      o.put("name", r.name());
      o.put("namespace", r.namespace());
      o.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
      if (r.note() != null) {
        o.put("note", r.note());
      }
      ArrayNode violations = o.putArray("violations");
      for (Violation v : r.violations()) {
        ObjectNode vo = violations.addObject();
        vo.put("field", v.field());
        vo.put("reason", v.reason());
        vo.put("message", v.message());
        vo.put("rule", v.rule());
      }
    }
    try {
      return JSON.writeValueAsString(root) + System.lineSeparator();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void line(StringBuilder s, String text) {
    s.append(text).append(System.lineSeparator());
  }
}
