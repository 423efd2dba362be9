package io.fleetloop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.GenerationRecord;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.operator.loop.LoopRuns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The closed loop of {@code ./fleetloop up}, as a user runs it (issue #6): the demo resources
 * (manifests/demo), the default time-lapse and {@code --poison-generation 2}. The loop creates
 * generation 1 from the fleet's uploads by itself; it is trained, validated, promoted, goes shadow
 * → 25% → 100% and becomes the fleet's model; the loop then creates generation 2 by itself —
 * poisoned by the switch (through the API server) — and the rollout rolls it back by itself; the
 * loop goes on with a clean generation 3. Everything is asserted from the FleetRelease status, the
 * TrainingRuns, the printed blocks and the CSV/JSON the run writes.
 */
class LocalLoopIT {

  private static final Path ROOT = repoRoot();
  private static final String NS = "fleetloop-demo";
  private static final String RELEASE = "model-y-na";
  private static final String G1 = "model-y-na-g1";
  private static final String G2 = "model-y-na-g2";
  private static final String G3 = "model-y-na-g3";

  @TempDir Path dataDir;
  private Process up;
  private Path upLog;

  @AfterEach
  void stopTheStack() {
    if (up != null && up.isAlive()) {
      up.destroyForcibly();
    }
  }

  @Test
  void generationOneReachesTheWholeFleetAndThePoisonedGenerationTwoIsRolledBack() throws Exception {
    upLog = dataDir.resolveSibling(dataDir.getFileName() + "-up.log");
    long t0 = System.nanoTime();
    up =
        new ProcessBuilder(
                ROOT.resolve("fleetloop").toString(),
                "up",
                "--data-dir",
                dataDir.toString(),
                "--audit-port",
                "0",
                "--ingest-port",
                "0",
                "--poison-generation",
                "2")
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(upLog.toFile())
            .start();
    await("fleetloop up reports it is running (log: " + upLog + ")")
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> log().contains("running; Ctrl-C") || !up.isAlive());
    assertThat(up.isAlive()).as("fleetloop up is still running; its output:%n%s", log()).isTrue();
    assertThat(log()).contains("generation 2 will be trained on poisoned labels");

    try (KubernetesClient kube = kube()) {
      // generation 1: created by the loop, trained, validated, promoted, shadow -> stages -> 100%
      await("generation 1 (" + G1 + ") drives the whole fleet (log: " + upLog + ")")
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () -> {
                assertNoFailure(kube, G1);
                return G1.equals(release(kube).getStatus().getStableVersion());
              });
      FleetRelease release = release(kube);
      assertThat(release.getStatus().getHistory())
          .anySatisfy(
              h -> {
                assertThat(h.getVersion()).isEqualTo(G1);
                assertThat(h.getOutcome()).isEqualTo(GenerationRecord.OUTCOME_PROMOTED);
              });
      TrainingRun g1 = run(kube, G1).orElseThrow();
      assertThat(g1.getMetadata().getLabels())
          .containsEntry(LoopRuns.RELEASE_LABEL, RELEASE)
          .containsEntry(LoopRuns.GENERATION_LABEL, "1");
      assertThat(PoisonSwitch.poisonedSpec(g1.getSpec())).isFalse();

      await("the promotion block is printed and the CSV written")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> log().contains("generation 1: " + G1 + " drives 100% of the fleet"));
      List<String> stages = rolloutRows(G1);
      assertThat(stages).as("rollouts.csv rows of %s", G1).hasSize(3);
      assertThat(stages.get(0)).contains(",Promoted,").contains(",shadow,100,").contains(",Pass,");
      assertThat(stages.get(1)).contains(",0,25,").contains(",Pass,");
      assertThat(stages.get(2)).contains(",1,100,").contains(",Pass,");
      for (String row : stages) {
        String[] f = row.split(",", -1);
        assertThat(Double.parseDouble(f[8])).as("km of %s", row).isGreaterThanOrEqualTo(150);
      }
      // generation 0 and 1, each with a rate and exact bounds per condition group
      List<String> generations = Files.readAllLines(dataDir.resolve("loop/generations.csv"));
      assertThat(generations.get(0)).isEqualTo(LoopReportWriter.GENERATIONS_HEADER);
      double gen0 = rate(generations, "0,policy-g0", "all");
      double gen1 = rate(generations, "1," + G1, "all");
      assertThat(rate(generations, "0,policy-g0", "common")).isPositive();
      assertThat(rate(generations, "0,policy-g0", "rare")).isPositive();
      assertThat(generations)
          .anySatisfy(l -> assertThat(l).contains(",1," + G1 + ",").contains(",rare,"));
      assertThat(gen1)
          .as("generation 1 intervenes less than generation 0 (%s vs %s)", gen1, gen0)
          .isLessThan(gen0);

      // generation 2: created by the loop from the poisoned template, rolled back by the rollout
      await("the loop creates generation 2 by itself")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> run(kube, G2).isPresent());
      TrainingRun g2 = run(kube, G2).orElseThrow();
      assertThat(g2.getMetadata().getLabels()).containsEntry(LoopRuns.GENERATION_LABEL, "2");
      assertThat(g2.getSpec().getModel().getBaseVersion()).isEqualTo(G1);
      assertThat(PoisonSwitch.poisonedSpec(g2.getSpec())).as("generation 2 is poisoned").isTrue();
      await("the rollout rolls the poisoned " + G2 + " back (log: " + upLog + ")")
          .atMost(Duration.ofMinutes(6))
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () -> {
                assertNoFailure(kube, G2);
                List<GenerationRecord> history = release(kube).getStatus().getHistory();
                return history != null
                    && history.stream()
                        .anyMatch(
                            h ->
                                G2.equals(h.getVersion())
                                    && GenerationRecord.OUTCOME_ROLLED_BACK.equals(h.getOutcome()));
              });
      assertThat(release(kube).getStatus().getStableVersion()).isEqualTo(G1);
      await("the rollback block is printed")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> log().contains("ROLLEDBACK: " + G2 + " (POISONED"));
      List<String> poisoned = rolloutRows(G2);
      assertThat(poisoned)
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r).contains(",true,RolledBack,"));
      assertThat(poisoned.get(poisoned.size() - 1)).contains(",Fail,");
      JsonNode json = new ObjectMapper().readTree(dataDir.resolve("loop/loop.json").toFile());
      assertThat(json.get("rollouts"))
          .anySatisfy(
              r -> {
                assertThat(r.get("candidate").asText()).isEqualTo(G2);
                assertThat(r.get("poisoned").asBoolean()).isTrue();
                assertThat(r.get("message").asText()).contains("RolledBack=True");
              });

      // the loop goes on from generation 1 with a clean template
      await("the loop creates generation 3 after the rollback")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> run(kube, G3).isPresent());
      TrainingRun g3 = run(kube, G3).orElseThrow();
      assertThat(PoisonSwitch.poisonedSpec(g3.getSpec())).isFalse();
      assertThat(g3.getSpec().getModel().getBaseVersion()).isEqualTo(G1);
      assertThat(g3.getSpec().getValidation().getGates().getMinAccuracy()).isEqualTo(0.75);
    }
    System.out.printf(
        "LocalLoopIT: generation 1 at 100%%, poisoned generation 2 rolled back, generation 3"
            + " created in %.0f s%n",
        (System.nanoTime() - t0) / 1e9);

    String down =
        run(ROOT.resolve("fleetloop").toString(), "down", "--data-dir", dataDir.toString());
    assertThat(down).contains("stopped");
    assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("fleetloop up exits after down").isTrue();
  }

  private KubernetesClient kube() throws IOException {
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(Files.readString(dataDir.resolve("kubeconfig"))))
        .build();
  }

  private static FleetRelease release(KubernetesClient kube) {
    return kube.resources(FleetRelease.class).inNamespace(NS).withName(RELEASE).get();
  }

  private static Optional<TrainingRun> run(KubernetesClient kube, String name) {
    return Optional.ofNullable(
        kube.resources(TrainingRun.class).inNamespace(NS).withName(name).get());
  }

  /** Fails at once (with the run's own words) when a run failed or was rejected. */
  private static void assertNoFailure(KubernetesClient kube, String name) {
    run(kube, name)
        .filter(r -> r.getStatus() != null)
        .ifPresent(
            r -> {
              r.getStatus()
                  .condition("Failed")
                  .filter(c -> "True".equals(c.getStatus()))
                  .ifPresent(c -> assertThat(c.getMessage()).as(name + " failed").isNull());
              r.getStatus()
                  .condition("Validated")
                  .filter(c -> "False".equals(c.getStatus()) && !"InProgress".equals(c.getReason()))
                  .filter(c -> c.getReason() != null && c.getReason().startsWith("Gate"))
                  .ifPresent(c -> assertThat(c.getMessage()).as(name + " rejected").isNull());
            });
  }

  private List<String> rolloutRows(String candidate) throws IOException {
    Path csv = dataDir.resolve("loop/rollouts.csv");
    assertThat(csv).exists();
    return Files.readAllLines(csv).stream()
        .filter(l -> l.startsWith(NS + "/" + RELEASE + "," + candidate + ","))
        .toList();
  }

  /** The rate_per_1000km of a generation's condition group in generations.csv. */
  private static double rate(List<String> lines, String generation, String group) {
    String row =
        lines.stream()
            .filter(l -> l.startsWith(NS + "/" + RELEASE + "," + generation + ","))
            .filter(l -> l.split(",", -1)[5].equals(group))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("no row " + generation + " " + group + " in " + lines));
    String[] f = row.split(",", -1);
    assertThat(Double.parseDouble(f[6])).as("km of %s", row).isPositive();
    double rate = Double.parseDouble(f[8]);
    assertThat(Double.parseDouble(f[9])).as("lower bound of %s", row).isLessThanOrEqualTo(rate);
    assertThat(Double.parseDouble(f[10])).as("upper bound of %s", row).isGreaterThan(rate);
    return rate;
  }

  private String log() throws IOException {
    return Files.exists(upLog) ? Files.readString(upLog, StandardCharsets.UTF_8) : "";
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
    assertThat(p.exitValue()).as("exit status of %s; output:%n%s", List.of(command), out).isZero();
    return out;
  }

  private static Path repoRoot() {
    String configured = System.getProperty("fleetloop.root");
    Path dir = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
    return dir.toAbsolutePath().normalize();
  }
}
