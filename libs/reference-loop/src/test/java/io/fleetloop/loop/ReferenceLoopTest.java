package io.fleetloop.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.stats.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop, small (300 vehicles, 4 generations, fixed seed): the measured intervention rate
 * falls generation over generation while candidates are promoted, and the poisoned candidate
 * injected at the last generation is rolled back by the staged rollout, so the fleet keeps its
 * model. One run, shared by the assertions.
 */
class ReferenceLoopTest {
  private static final List<String> LINES = new ArrayList<>();
  private static List<GenerationReport> reports;

  @BeforeAll
  static void runTheLoop() {
    LoopOptions options =
        LoopOptions.defaults(4, 300, 1).withDriveTicks(800).withPoisonAt(3).withLearnedCodec(true);
    reports =
        new ReferenceLoop(
                options,
                line -> {
                  LINES.add(line);
                  System.out.println(line);
                })
            .run();
    System.out.println(ReferenceLoopMain.summary(reports));
  }

  @Test
  void interventionRateFallsGenerationOverGeneration() {
    assertThat(reports).hasSize(4);
    GenerationReport g0 = reports.get(0);
    GenerationReport g1 = reports.get(1);
    GenerationReport g2 = reports.get(2);
    // the unpoisoned candidates were promoted, so the fleet drove gen-0, gen-1, gen-2
    assertThat(g0.decision()).isEqualTo("promoted");
    assertThat(g1.decision()).isEqualTo("promoted");
    assertThat(List.of(g0.model(), g1.model(), g2.model()))
        .containsExactly("gen-0", "gen-1", "gen-2");
    // gen 0 -> gen 1: the intervals do not even overlap
    assertThat(g1.rate("all").ciHigh()).isLessThan(g0.rate("all").ciLow());
    assertThat(g1.rate("rare").per1000Km()).isLessThan(g0.rate("rare").per1000Km() / 3);
    // and it keeps falling
    assertThat(g2.rate("all").per1000Km()).isLessThan(g1.rate("all").per1000Km());
    // real exposure behind each rate
    for (GenerationReport r : reports) {
      assertThat(r.km()).isGreaterThan(100);
      assertThat(r.rate("all").interventions()).isGreaterThan(30);
      assertThat(r.clipsUploaded()).isGreaterThan(0);
    }
    // the dataset is cumulative
    assertThat(g1.datasetClips()).isGreaterThan(g0.datasetClips());
    assertThat(g2.datasetClips()).isGreaterThan(g1.datasetClips());
    // generation 1 on runs the focus trigger of the previous generation's worst group
    assertThat(g1.focusTrigger()).startsWith("env.weather == ");
  }

  @Test
  void poisonedCandidateIsRolledBackByTheStagedRollout() {
    GenerationReport g2 = reports.get(2);
    GenerationReport g3 = reports.get(3);
    assertThat(g2.poisoned()).isTrue();
    assertThat(g2.candidate()).isEqualTo("gen-3-poisoned");
    assertThat(g2.rollout()).isNotEmpty();
    Rollout.Look last = g2.rollout().get(g2.rollout().size() - 1);
    assertThat(last.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(last.candidateInterventions() / last.candidateKm())
        .isGreaterThan(last.stableInterventions() / last.stableKm());
    assertThat(g2.decision()).startsWith("rolled back at stage");
    // the fleet keeps the stable model
    assertThat(g3.model()).isEqualTo("gen-2");
    assertThat(LINES).anyMatch(l -> l.contains("decision on gen-3-poisoned: rolled back"));
  }

  @Test
  void writesCsvAndJson(@TempDir Path dir) throws Exception {
    LoopReportWriter.write(dir, LoopOptions.defaults(4, 300, 1), reports);
    List<String> csv = Files.readAllLines(dir.resolve("generations.csv"));
    // header + 12 groups per generation
    assertThat(csv).hasSize(1 + 4 * 12);
    assertThat(csv.get(1)).startsWith("0,gen-0,all,");
    String json = Files.readString(dir.resolve("loop.json"));
    assertThat(json).contains("\"decision\" : \"promoted\"").contains("gen-3-poisoned");
    String svg = Files.readString(dir.resolve("interventions.svg"));
    assertThat(svg)
        .contains("data-name=\"all\"", "data-name=\"common\"", "data-name=\"rare\"")
        .contains("gen-3-poisoned rolled back at stage");
  }

  @Test
  void sameSeedGivesTheSameLoop() {
    LoopOptions tiny = LoopOptions.defaults(2, 120, 7).withDriveTicks(400);
    List<GenerationReport> a = new ReferenceLoop(tiny, line -> {}).run();
    List<GenerationReport> b = new ReferenceLoop(tiny, line -> {}).run();
    for (int g = 0; g < 2; g++) {
      assertThat(b.get(g).rates()).isEqualTo(a.get(g).rates());
      assertThat(b.get(g).clipsUploaded()).isEqualTo(a.get(g).clipsUploaded());
      assertThat(b.get(g).datasetSamples()).isEqualTo(a.get(g).datasetSamples());
      assertThat(b.get(g).decision()).isEqualTo(a.get(g).decision());
      assertThat(b.get(g).rollout()).isEqualTo(a.get(g).rollout());
    }
  }
}
