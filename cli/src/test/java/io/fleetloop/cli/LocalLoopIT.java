package io.fleetloop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fleetloop.api.common.Condition;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.api.v1alpha1.TrainingRunStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The closed loop of {@code ./fleetloop up}, as a user runs it (issues #5/#6): the simulated fleet
 * uploads clips through ingest, the curator labels them, the example TrainingRun binds a dataset
 * snapshot, runs its phases as Jobs on the local node agent, registers its model, passes the
 * example's validation gates and is promoted into the example FleetRelease, whose rollout starts:
 * the release channel assigns the candidate and the vehicles download it (digest verified) and run
 * it in shadow.
 *
 * <p>The examples are used as they are, except that the TrainingRun waits for fewer new samples
 * ({@value #MIN_NEW_SAMPLES} instead of 1,000) so that the test stays within a few minutes.
 */
class LocalLoopIT {

  private static final Path ROOT = repoRoot();
  private static final String NS = "fleetloop-demo";
  private static final String RUN = "policy-g4";
  private static final int MIN_NEW_SAMPLES = 500;

  @TempDir Path dataDir;
  @TempDir Path examples;
  private Process up;
  private Path upLog;

  @AfterEach
  void stopTheStack() {
    if (up != null && up.isAlive()) {
      up.destroyForcibly();
    }
  }

  @Test
  void theExampleTrainingRunIsValidatedPromotedAndDrivenInShadowByTheFleet() throws Exception {
    copyExamples();
    upLog = dataDir.resolveSibling(dataDir.getFileName() + "-up.log");
    up =
        new ProcessBuilder(
                ROOT.resolve("fleetloop").toString(),
                "up",
                "--data-dir",
                dataDir.toString(),
                "--examples",
                examples.toString(),
                "--audit-port",
                "0",
                "--ingest-port",
                "0",
                "--fleet-size",
                "100")
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(upLog.toFile())
            .start();
    await("fleetloop up reports it is running (log: " + upLog + ")")
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> log().contains("running; Ctrl-C") || !up.isAlive());
    assertThat(up.isAlive()).as("fleetloop up is still running; its output:%n%s", log()).isTrue();
    await("the fleet drives the release's stable version (log: " + upLog + ")")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> log().contains("| models policy-g3 on 100"));

    Path kubeconfig = dataDir.resolve("kubeconfig");
    try (KubernetesClient kube =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
            .build()) {
      // samples -> snapshot -> pretrain -> hil-finetune -> registered -> validated -> promoted
      await("TrainingRun " + RUN + " is validated (log: " + upLog + ")")
          .atMost(Duration.ofMinutes(8))
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () -> {
                Optional<Condition> failed = condition(kube, TrainingRunStatus.FAILED);
                assertThat(failed.map(Condition::getStatus))
                    .as("the run failed: %s", failed.map(Condition::getMessage))
                    .isNotEqualTo(Optional.of("True"));
                Optional<Condition> validated = condition(kube, TrainingRunStatus.VALIDATED);
                assertThat(validated.map(Condition::getStatus))
                    .as("validation: %s", validated.map(Condition::getMessage))
                    .isNotEqualTo(Optional.of("False"));
                return validated.map(c -> "True".equals(c.getStatus())).orElse(false);
              });
      TrainingRun run = kube.resources(TrainingRun.class).inNamespace(NS).withName(RUN).get();
      assertThat(condition(kube, TrainingRunStatus.SUCCEEDED))
          .get()
          .satisfies(c -> assertThat(c.getReason()).isEqualTo("ModelRegistered"));
      assertThat(run.getStatus().getModelVersion().getDigest()).startsWith("sha256:");
      String artifact = run.getStatus().getModelVersion().getArtifact();
      assertThat(artifact).startsWith("s3://fleetloop/training/" + NS + "/" + RUN + "/");

      await("TrainingRun " + RUN + " is promoted and the release takes it as its candidate")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  condition(kube, TrainingRunStatus.PROMOTED)
                          .map(c -> "True".equals(c.getStatus()))
                          .orElse(false)
                      && RUN.equals(candidate(kube)));
      FleetRelease release =
          kube.resources(FleetRelease.class).inNamespace(NS).withName("model-y-na").get();
      assertThat(release.getSpec().getModel().getArtifact()).isEqualTo(artifact);
      assertThat(release.getStatus().getStableVersion()).isEqualTo("policy-g3");
    }

    // the release channel assigns the candidate; the vehicles download it by its address, verify
    // its digest and run it in shadow, so the rollout's exposure readings come from it
    await("the fleet runs the candidate in shadow (log: " + upLog + ")")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> log().matches("(?s).*\\| models policy-g3 on 100, shadow policy-g4 on .*"));

    String timeline =
        run(
            ROOT.resolve("fleetloop").toString(),
            "audit",
            "timeline",
            "--endpoint",
            auditEndpoint(log()),
            "trainingrun/" + NS + "/" + RUN);
    assertThat(timeline).contains("TrainingDatasetBound", "ModelProduced", "ModelValidated");

    String down =
        run(ROOT.resolve("fleetloop").toString(), "down", "--data-dir", dataDir.toString());
    assertThat(down).contains("stopped");
    assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("fleetloop up exits after down").isTrue();
  }

  /** manifests/examples, with the TrainingRun waiting for {@value #MIN_NEW_SAMPLES} samples. */
  private void copyExamples() throws IOException {
    Path source = ROOT.resolve("manifests").resolve("examples");
    try (Stream<Path> files = Files.list(source)) {
      for (Path file : files.toList()) {
        Files.copy(file, examples.resolve(file.getFileName()));
      }
    }
    Path run = examples.resolve("trainingrun-policy-g4.yaml");
    String yaml = Files.readString(run);
    assertThat(yaml).contains("minNewSamples: 1000");
    Files.writeString(
        run, yaml.replace("minNewSamples: 1000", "minNewSamples: " + MIN_NEW_SAMPLES));
  }

  private static Optional<Condition> condition(KubernetesClient kube, String type) {
    TrainingRun run = kube.resources(TrainingRun.class).inNamespace(NS).withName(RUN).get();
    if (run == null || run.getStatus() == null) {
      return Optional.empty();
    }
    return run.getStatus().condition(type);
  }

  private static String candidate(KubernetesClient kube) {
    FleetRelease r =
        kube.resources(FleetRelease.class).inNamespace(NS).withName("model-y-na").get();
    return r == null || r.getStatus() == null ? null : r.getStatus().getCandidateVersion();
  }

  private String log() throws IOException {
    return Files.exists(upLog) ? Files.readString(upLog, StandardCharsets.UTF_8) : "";
  }

  private static String auditEndpoint(String log) {
    int at = log.indexOf("audit timeline --endpoint ");
    assertThat(at).as("fleetloop up prints the audit endpoint").isNotNegative();
    String rest = log.substring(at + "audit timeline --endpoint ".length());
    return rest.substring(0, rest.indexOf(' '));
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
