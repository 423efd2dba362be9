package io.fleetloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.stats.Exposure;
import io.fleetloop.stats.RateEstimate;
import io.fleetloop.stats.Rates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopReportWriterTest {

  private static final String RELEASE = "fleetloop-demo/model-y-na";

  @TempDir Path dir;

  private static LoopReport report() {
    Map<String, Exposure> gen0 = new LinkedHashMap<>();
    gen0.put("fog/construction/night/wet", Exposure.of(10.0, 60));
    gen0.put("clear/highway/day/dry", Exposure.of(90.0, 45));
    Map<String, Exposure> gen1 = new LinkedHashMap<>();
    gen1.put("clear/urban/day/dry", Exposure.of(400.0, 20));
    return new LoopReport(
        List.of(
            new LoopReport.Generation(
                RELEASE,
                0,
                "policy-g0",
                "2026-11-21T07:00:00Z",
                false,
                ConditionGroups.group(gen0)),
            new LoopReport.Generation(
                RELEASE,
                1,
                "model-y-na-g1",
                "2026-11-21T07:04:00Z",
                true,
                ConditionGroups.group(gen1))),
        List.of(
            new LoopReport.Rollout(
                RELEASE,
                "model-y-na-g1",
                0,
                "Promoted",
                "2026-11-21T07:04:00Z",
                "Promoted: passed",
                false,
                List.of(
                    new LoopReport.Stage(
                        -1, 100, 310.0, 40L, 129.0, 92.2, 175.7, 1050.0, "Pass", "shadow ok"),
                    new LoopReport.Stage(
                        0,
                        25,
                        305.5,
                        30L,
                        98.2,
                        66.3,
                        140.2,
                        990.1,
                        "Pass",
                        "no regression, \"clear\" win"))),
            new LoopReport.Rollout(
                RELEASE,
                "model-y-na-g2",
                1,
                "RolledBack",
                "2026-11-21T07:09:00Z",
                "RolledBack=True/RegressionDetected: regression at 95%",
                true,
                List.of(
                    new LoopReport.Stage(
                        -1,
                        100,
                        320.0,
                        800L,
                        2500.0,
                        2330.0,
                        2680.0,
                        50.0,
                        "Fail",
                        "regression at 95%, 50x the stable rate")))));
  }

  @Test
  void generationsCsvHasOneRowPerGenerationAndConditionGroupWithExactBounds() {
    String csv = LoopReportWriter.generationsCsv(report());
    List<String> lines = csv.lines().toList();

    assertThat(lines.get(0)).isEqualTo(LoopReportWriter.GENERATIONS_HEADER);
    // gen 0: all, common, rare, 2 weathers, 2 zones; gen 1: all, common, rare, 1 weather, 1 zone
    assertThat(lines).hasSize(1 + 7 + 5);
    RateEstimate all = Rates.rate(Exposure.of(100.0, 105), 0.95);
    assertThat(lines.get(1))
        .isEqualTo(
            String.format(
                java.util.Locale.ROOT,
                "%s,0,policy-g0,2026-11-21T07:00:00Z,false,all,100.0,105,%.2f,%.2f,%.2f",
                RELEASE,
                all.per1000Km(),
                all.ciLow(),
                all.ciHigh()));
    assertThat(lines.get(2)).contains(",common,90.0,45,500.00,");
    assertThat(lines.get(3)).contains(",rare,10.0,60,6000.00,");
    assertThat(lines).anySatisfy(l -> assertThat(l).contains(",weather=fog,10.0,60,"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains(",zone=highway,90.0,45,"));
    // a group without km has no rate: empty fields, not zeros
    assertThat(lines)
        .anySatisfy(
            l -> assertThat(l).startsWith(RELEASE + ",1,model-y-na-g1").endsWith(",rare,0.0,0,,,"));
    assertThat(all.ciLow()).isLessThan(all.per1000Km());
    assertThat(all.ciHigh()).isGreaterThan(all.per1000Km());
  }

  @Test
  void rolloutsCsvQuotesReasonsAndMarksThePoisonedCandidate() {
    List<String> lines = LoopReportWriter.rolloutsCsv(report()).lines().toList();

    assertThat(lines.get(0)).isEqualTo(LoopReportWriter.ROLLOUTS_HEADER);
    assertThat(lines).hasSize(4);
    assertThat(lines.get(1))
        .startsWith(
            RELEASE + ",model-y-na-g1,0,false,Promoted,2026-11-21T07:04:00Z,shadow,100,310.0,40,");
    assertThat(lines.get(2)).endsWith(",Pass,\"no regression, \"\"clear\"\" win\"");
    assertThat(lines.get(3))
        .contains(",model-y-na-g2,1,true,RolledBack,")
        .contains(",shadow,100,320.0,800,2500.00,2330.00,2680.00,50.00,Fail,");
  }

  @Test
  void jsonHoldsTheSameNumbersAndTheFilesAreWritten() throws Exception {
    LoopReportWriter.write(dir, report());

    JsonNode root = new ObjectMapper().readTree(dir.resolve(LoopReportWriter.JSON).toFile());
    assertThat(root.get("confidence").asDouble()).isEqualTo(0.95);
    JsonNode g0 = root.get("generations").get(0);
    assertThat(g0.get("modelVersion").asText()).isEqualTo("policy-g0");
    JsonNode all = g0.get("conditions").get(0);
    assertThat(all.get("condition").asText()).isEqualTo("all");
    assertThat(all.get("km").asDouble()).isEqualTo(100.0);
    assertThat(all.get("interventions").asLong()).isEqualTo(105);
    assertThat(all.get("ratePer1000Km").asDouble()).isEqualTo(1050.0);
    assertThat(all.get("ciLow").asDouble()).isLessThan(1050.0);
    JsonNode rare1 = root.get("generations").get(1).get("conditions").get(2);
    assertThat(rare1.get("condition").asText()).isEqualTo("rare");
    assertThat(rare1.has("ratePer1000Km")).as("no rate without km").isFalse();
    JsonNode rollback = root.get("rollouts").get(1);
    assertThat(rollback.get("poisoned").asBoolean()).isTrue();
    assertThat(rollback.get("outcome").asText()).isEqualTo("RolledBack");
    assertThat(rollback.get("stages").get(0).get("label").asText()).isEqualTo("shadow");
    assertThat(rollback.get("stages").get(0).get("verdict").asText()).isEqualTo("Fail");

    assertThat(Files.readString(dir.resolve(LoopReportWriter.GENERATIONS_CSV)))
        .isEqualTo(LoopReportWriter.generationsCsv(report()));
    assertThat(Files.readString(dir.resolve(LoopReportWriter.ROLLOUTS_CSV)))
        .isEqualTo(LoopReportWriter.rolloutsCsv(report()));
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("generations.csv", "rollouts.csv", "loop.json");
    }
  }

  @Test
  void theTextBlockShowsEveryGenerationAndEveryStage() {
    LoopReport report = report();
    String table = LoopReportWriter.generationTable(report, RELEASE);
    assertThat(table.lines()).hasSize(3);
    assertThat(table).contains("policy-g0").contains("1*").contains("model-y-na-g1");
    assertThat(table).contains("1050.0 [");

    String stages = LoopReportWriter.stages(report.rollouts().get(0));
    assertThat(stages.lines()).hasSize(2);
    assertThat(stages).contains("shadow").contains("stage 0 (25%)").contains("vs stable 990.1");

    String conditions = LoopReportWriter.conditions(report.generations().get(0));
    assertThat(conditions).contains("rare").contains("6000.0 [");
  }

  @Test
  void conditionGroupsSplitCommonFromRareAndByWeatherAndZone() {
    Map<String, Exposure> groups =
        ConditionGroups.group(
            Map.of(
                "clear/highway/day/dry", Exposure.of(100, 1),
                "clear/urban/night/dry", Exposure.of(50, 2),
                "fog/construction/day/wet", Exposure.of(10, 4)));

    assertThat(groups.keySet())
        .startsWith("all", "common", "rare")
        .contains(
            "weather=clear", "weather=fog", "zone=highway", "zone=urban", "zone=construction");
    assertThat(groups.get("all")).isEqualTo(Exposure.of(160, 7));
    assertThat(groups.get("common")).isEqualTo(Exposure.of(100, 1));
    assertThat(groups.get("rare")).isEqualTo(Exposure.of(60, 6));
    assertThat(groups.get("weather=clear")).isEqualTo(Exposure.of(150, 3));
  }

  @Test
  void csvFieldsAreQuotedOnlyWhenNeeded() {
    assertThat(LoopReportWriter.csv("plain")).isEqualTo("plain");
    assertThat(LoopReportWriter.csv("a,b")).isEqualTo("\"a,b\"");
    assertThat(LoopReportWriter.csv("say \"x\"")).isEqualTo("\"say \"\"x\"\"\"");
    assertThat(LoopReportWriter.csv(null)).isEmpty();
  }
}
