package io.fleetloop.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fleetloop.stats.RateChart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes a loop's reports: {@code generations.csv} (one row per generation and condition group),
 * {@code loop.json} (everything, including stage looks and validation summaries) and {@code
 * interventions.svg} (the heartbeat plotted: the rate per generation, all / common / rare, with its
 * 95% intervals and a note where a candidate was rolled back or rejected).
 */
public final class LoopReportWriter {
  private LoopReportWriter() {}

  /** Writes both files into {@code dir} (created when missing). */
  public static void write(Path dir, LoopOptions options, List<GenerationReport> reports) {
    try {
      Files.createDirectories(dir);
      StringBuilder csv =
          new StringBuilder(
              "generation,model,group,km,interventions,per1000km,ci95_low,ci95_high,"
                  + "clips_uploaded,dataset_clips,dataset_samples,train_s,decision\n");
      for (GenerationReport r : reports) {
        for (GroupRate g : r.rates()) {
          csv.append(
              String.format(
                  Locale.ROOT,
                  "%d,%s,%s,%.3f,%d,%.3f,%.3f,%.3f,%d,%d,%d,%.3f,\"%s\"%n",
                  r.generation(),
                  r.model(),
                  g.group(),
                  g.km(),
                  g.interventions(),
                  g.per1000Km(),
                  g.ciLow(),
                  g.ciHigh(),
                  r.clipsUploaded(),
                  r.datasetClips(),
                  r.datasetSamples(),
                  r.seconds().getOrDefault("train", 0.0),
                  r.decision()));
        }
      }
      Files.writeString(dir.resolve("generations.csv"), csv, StandardCharsets.UTF_8);
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      json.writeValue(dir.resolve("loop.json").toFile(), new Document(options, reports));
      Files.writeString(dir.resolve("interventions.svg"), chart(reports), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the loop report to " + dir, e);
    }
  }

  /** The rate per generation for all, common and rare conditions, as an SVG chart. */
  public static String chart(List<GenerationReport> reports) {
    RateChart.Builder chart =
        RateChart.builder("Reference world: interventions per 1,000 km, generation by generation");
    for (String group : List.of("all", "common", "rare")) {
      chart.series(
          group,
          reports.stream()
              .map(
                  r -> {
                    GroupRate g = r.rate(group);
                    return new RateChart.Point(
                        r.generation(), g.per1000Km(), g.ciLow(), g.ciHigh());
                  })
              .toList());
    }
    for (GenerationReport r : reports) {
      if (!r.candidate().isEmpty() && !"promoted".equals(r.decision())) {
        // the candidate trained from generation g's data would have been generation g + 1
        chart.note(r.generation() + 1, r.candidate() + " " + r.decision());
      }
    }
    return chart.svg();
  }

  /** The JSON document. */
  record Document(LoopOptions options, List<GenerationReport> generations) {}
}
