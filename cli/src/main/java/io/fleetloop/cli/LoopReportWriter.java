package io.fleetloop.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetloop.stats.Exposure;
import io.fleetloop.stats.RateEstimate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a {@link LoopReport} as the per-generation block {@code fleetloop up} prints, and as
 * {@code generations.csv}, {@code rollouts.csv} and {@code loop.json} (columns in
 * docs/operations.md, "The local loop"). Pure formatting; files are replaced atomically.
 */
public final class LoopReportWriter {

  /** {@code generations.csv}: one row per release, generation and condition group. */
  public static final String GENERATIONS_CSV = "generations.csv";

  /** {@code rollouts.csv}: one row per rollout and judged stage. */
  public static final String ROLLOUTS_CSV = "rollouts.csv";

  /** {@code loop.json}: the whole report. */
  public static final String JSON = "loop.json";

  /** The header of {@value #GENERATIONS_CSV}. */
  public static final String GENERATIONS_HEADER =
      "release,generation,model_version,since,current,condition,km,interventions,"
          + "rate_per_1000km,ci95_low,ci95_high";

  /** The header of {@value #ROLLOUTS_CSV}. */
  public static final String ROLLOUTS_HEADER =
      "release,candidate,from_generation,poisoned,outcome,at,stage,percent,km,interventions,"
          + "rate_per_1000km,ci_low,ci_high,baseline_rate,verdict,reason";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private LoopReportWriter() {}

  /** Writes the three files into {@code dir} (created if needed). */
  public static void write(Path dir, LoopReport report) {
    try {
      Files.createDirectories(dir);
      replace(dir.resolve(GENERATIONS_CSV), generationsCsv(report));
      replace(dir.resolve(ROLLOUTS_CSV), rolloutsCsv(report));
      replace(dir.resolve(JSON), json(report));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the loop report into " + dir, e);
    }
  }

  /** {@value #GENERATIONS_CSV}: header, then one row per generation and condition group. */
  public static String generationsCsv(LoopReport report) {
    StringBuilder out = new StringBuilder(GENERATIONS_HEADER).append('\n');
    for (LoopReport.Generation g : report.generations()) {
      for (Map.Entry<String, Exposure> e : g.exposure().entrySet()) {
        Optional<RateEstimate> rate = g.rate(e.getKey());
        out.append(
                String.join(
                    ",",
                    csv(g.release()),
                    Integer.toString(g.number()),
                    csv(g.version()),
                    csv(g.since()),
                    Boolean.toString(g.current()),
                    csv(e.getKey()),
                    fixed(e.getValue().km(), 1),
                    Long.toString(e.getValue().interventions()),
                    rate.map(r -> fixed(r.per1000Km(), 2)).orElse(""),
                    rate.map(r -> fixed(r.ciLow(), 2)).orElse(""),
                    rate.map(r -> fixed(r.ciHigh(), 2)).orElse("")))
            .append('\n');
      }
    }
    return out.toString();
  }

  /** {@value #ROLLOUTS_CSV}: header, then one row per rollout and judged stage. */
  public static String rolloutsCsv(LoopReport report) {
    StringBuilder out = new StringBuilder(ROLLOUTS_HEADER).append('\n');
    for (LoopReport.Rollout r : report.rollouts()) {
      for (LoopReport.Stage s : r.stages()) {
        out.append(
                String.join(
                    ",",
                    csv(r.release()),
                    csv(r.candidate()),
                    Integer.toString(r.fromGeneration()),
                    Boolean.toString(r.poisoned()),
                    csv(r.outcome()),
                    csv(r.at()),
                    s.stage() < 0 ? "shadow" : Integer.toString(s.stage()),
                    s.percent() == null ? "" : s.percent().toString(),
                    s.km() == null ? "" : fixed(s.km(), 1),
                    s.interventions() == null ? "" : s.interventions().toString(),
                    s.rate() == null ? "" : fixed(s.rate(), 2),
                    s.ciLow() == null ? "" : fixed(s.ciLow(), 2),
                    s.ciHigh() == null ? "" : fixed(s.ciHigh(), 2),
                    s.baselineRate() == null ? "" : fixed(s.baselineRate(), 2),
                    csv(s.verdict()),
                    csv(s.reason())))
            .append('\n');
      }
    }
    return out.toString();
  }

  /** {@value #JSON}: {@code {"confidence", "generations": [...], "rollouts": [...]}}. */
  public static String json(LoopReport report) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("confidence", LoopReport.CONFIDENCE);
    ArrayNode generations = root.putArray("generations");
    for (LoopReport.Generation g : report.generations()) {
      ObjectNode n = generations.addObject();
      n.put("release", g.release());
      n.put("generation", g.number());
      n.put("modelVersion", g.version());
      n.put("since", g.since());
      n.put("current", g.current());
      ArrayNode conditions = n.putArray("conditions");
      g.exposure()
          .forEach(
              (group, e) -> {
                ObjectNode c = conditions.addObject();
                c.put("condition", group);
                c.put("km", round(e.km(), 1));
                c.put("interventions", e.interventions());
                g.rate(group)
                    .ifPresent(
                        r -> {
                          c.put("ratePer1000Km", round(r.per1000Km(), 2));
                          c.put("ciLow", round(r.ciLow(), 2));
                          c.put("ciHigh", round(r.ciHigh(), 2));
                        });
              });
    }
    ArrayNode rollouts = root.putArray("rollouts");
    for (LoopReport.Rollout r : report.rollouts()) {
      ObjectNode n = rollouts.addObject();
      n.put("release", r.release());
      n.put("candidate", r.candidate());
      n.put("fromGeneration", r.fromGeneration());
      n.put("poisoned", r.poisoned());
      n.put("outcome", r.outcome());
      n.put("at", r.at());
      n.put("message", r.message());
      ArrayNode stages = n.putArray("stages");
      for (LoopReport.Stage s : r.stages()) {
        ObjectNode st = stages.addObject();
        st.put("stage", s.stage());
        st.put("label", s.label());
        putIfPresent(st, "percent", s.percent());
        putIfPresent(st, "km", s.km());
        putIfPresent(st, "interventions", s.interventions());
        putIfPresent(st, "ratePer1000Km", s.rate());
        putIfPresent(st, "ciLow", s.ciLow());
        putIfPresent(st, "ciHigh", s.ciHigh());
        putIfPresent(st, "baselineRate", s.baselineRate());
        st.put("verdict", s.verdict());
        st.put("reason", s.reason());
      }
    }
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The table of every generation of {@code release} so far: one line per generation with its rate
   * overall, common and rare, then the per-condition rates of {@code detail}.
   */
  public static String generationTable(LoopReport report, String release) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "  %-4s %-22s %10s  %-28s %-28s %-28s%n",
            "gen",
            "model",
            "km",
            "all /1000 km [95% exact]",
            "common",
            "rare"));
    for (LoopReport.Generation g : report.generations(release)) {
      out.append(
          String.format(
              Locale.ROOT,
              "  %-4s %-22s %,10.0f  %-28s %-28s %-28s%n",
              g.number() + (g.current() ? "*" : ""),
              g.version(),
              g.exposure().getOrDefault(ConditionGroups.ALL, Exposure.NONE).km(),
              rate(g, ConditionGroups.ALL),
              rate(g, ConditionGroups.COMMON),
              rate(g, ConditionGroups.RARE)));
    }
    return out.toString();
  }

  /** One generation's rate in every condition group, one group per line. */
  public static String conditions(LoopReport.Generation g) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Exposure> e : g.exposure().entrySet()) {
      out.append(
          String.format(
              Locale.ROOT,
              "    %-20s %,9.0f km %,7d int.  %s%n",
              e.getKey(),
              e.getValue().km(),
              e.getValue().interventions(),
              rate(g, e.getKey())));
    }
    return out.toString();
  }

  /** A rollout's stages, one per line, with the operator's reason. */
  public static String stages(LoopReport.Rollout r) {
    StringBuilder out = new StringBuilder();
    for (LoopReport.Stage s : r.stages()) {
      out.append(
          String.format(
              Locale.ROOT,
              "    %-15s %,8.0f km %,6d int. %9s /1000 km [%s, %s] vs stable %s  %s: %s%n",
              s.label(),
              s.km() == null ? 0.0 : s.km(),
              s.interventions() == null ? 0L : s.interventions(),
              s.rate() == null ? "-" : fixed(s.rate(), 1),
              s.ciLow() == null ? "-" : fixed(s.ciLow(), 1),
              s.ciHigh() == null ? "-" : fixed(s.ciHigh(), 1),
              s.baselineRate() == null ? "-" : fixed(s.baselineRate(), 1),
              s.verdict(),
              shorten(s.reason(), REASON_CHARS)));
    }
    return out.toString();
  }

  /** How much of a stage's reason the text block shows (CSV and JSON hold all of it). */
  static final int REASON_CHARS = 240;

  /** {@code text} cut to {@code max} characters with an ellipsis. */
  static String shorten(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    return text.substring(0, max - 1) + "…";
  }

  /** "265.9 [257.2, 274.9]", or "-" before the first kilometre. */
  static String rate(LoopReport.Generation g, String group) {
    return g.rate(group)
        .map(
            r ->
                String.format(
                    Locale.ROOT,
                    "%.1f [%.1f, %.1f] (%d)",
                    r.per1000Km(),
                    r.ciLow(),
                    r.ciHigh(),
                    count(r)))
        .orElse("-");
  }

  private static long count(RateEstimate r) {
    return r.exposure().interventions();
  }

  private static void putIfPresent(ObjectNode node, String field, Object value) {
    if (value instanceof Integer i) {
      node.put(field, i);
    } else if (value instanceof Long l) {
      node.put(field, l);
    } else if (value instanceof Double d) {
      node.put(field, d);
    }
  }

  private static double round(double v, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(v * scale) / scale;
  }

  private static String fixed(double v, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "f", v);
  }

  /** A CSV field: quoted (quotes doubled) when it holds a comma, quote or line break. */
  static String csv(String value) {
    if (value == null) {
      return "";
    }
    if (value.indexOf(',') < 0
        && value.indexOf('"') < 0
        && value.indexOf('\n') < 0
        && value.indexOf('\r') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  private static void replace(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
