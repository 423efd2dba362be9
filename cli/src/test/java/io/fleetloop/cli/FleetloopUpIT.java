package io.fleetloop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fleetloop.api.v1alpha1.DataTrigger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, as a user runs it: {@code ./fleetloop up} in one process, {@code
 * kubectl get fleetloop -A} against the kubeconfig it writes, {@code ./fleetloop audit}, then
 * {@code ./fleetloop down} — and no process is left behind.
 */
class FleetloopUpIT {

  private static final Path ROOT = repoRoot();
  private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

  @TempDir Path dataDir;
  private Process up;
  private Path upLog;

  @BeforeEach
  void startTheStack() throws IOException {
    upLog = dataDir.resolveSibling(dataDir.getFileName() + "-up.log");
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
                "--fleet-size",
                "50",
                // the realistic example (the default is manifests/demo, which e2e LoopE2E runs
                // in-process through LocalLoop)
                "--examples",
                ROOT.resolve("manifests").resolve("examples").toString())
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(upLog.toFile())
            .start();
    await("fleetloop up reports it is running (log: " + upLog + ")")
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> log().contains("running; Ctrl-C") || !up.isAlive());
    assertThat(up.isAlive()).as("fleetloop up is still running; its output:%n%s", log()).isTrue();
  }

  @AfterEach
  void stopTheStack() throws Exception {
    if (up != null && up.isAlive()) {
      up.destroyForcibly();
    }
  }

  @Test
  void upServesTheExamplesToKubectlAndDownLeavesNothingRunning() throws Exception {
    String log = log();
    assertThat(log)
        .contains("pulsar ready", "s3 ready", "postgres ready", "kube-api ready")
        .contains("control plane ready")
        .containsPattern("applied \\d+ resource\\(s\\)");
    Path kubeconfig = dataDir.resolve("kubeconfig");
    assertThat(kubeconfig).exists();
    List<Long> pids = childPids(up.toHandle());

    if (Files.isExecutable(KUBECTL)) {
      // the examples become Ready once the operator has reconciled them
      String table =
          run(KUBECTL.toString(), "--kubeconfig", kubeconfig.toString(), "get", "fleetloop", "-A");
      assertThat(table)
          .contains("datatrigger.fleetloop.io/takeovers")
          .contains("datatrigger.fleetloop.io/fog-construction")
          .contains("hardwarepool.fleetloop.io/gpu-h100")
          .contains("hardwarepool.fleetloop.io/edge-hw4")
          .contains("trainingrun.fleetloop.io/policy-g4")
          .contains("fleetrelease.fleetloop.io/model-y-na");
      // the examples are valid and consistent: the operator reconciles every one to Ready=True
      await("kubectl shows every example Ready")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () ->
                  assertThat(
                          run(
                                  KUBECTL.toString(),
                                  "--kubeconfig",
                                  kubeconfig.toString(),
                                  "get",
                                  "fleetloop",
                                  "-A",
                                  "-o",
                                  "jsonpath={range .items[*]}{.kind}/{.metadata.name}="
                                      + "{.status.conditions[?(@.type==\"Ready\")].status}{\"\\n\"}{end}")
                              .lines()
                              .toList())
                      .hasSize(6)
                      .allSatisfy(line -> assertThat(line).endsWith("=True")));
    }

    // the simulated fleet drives the compiled example triggers and uploads through real ingest
    assertThat(log()).contains("fleet of 50 simulated vehicles driving");
    await("the simulated fleet reports uploaded clips (log: " + upLog + ")")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> log().matches("(?s).*\\[fleet\\] .* uploaded [1-9][0-9,]* \\(.*"));

    // devices pulled their triggers from the release channel and report to it; the operator turns
    // the reports into DataTrigger status
    assertThat(log()).contains("pulled from the release channel at", "release channel: 127.0.0.1:");
    try (KubernetesClient kube =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
            .build()) {
      await("DataTrigger takeovers shows uploaded clips reported by the fleet (log: " + upLog + ")")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> uploadedClips(kube, "takeovers") > 0);
    }

    String endpoint = auditEndpoint(log());
    String timeline =
        run(
            ROOT.resolve("fleetloop").toString(),
            "audit",
            "timeline",
            "--endpoint",
            endpoint,
            "datatrigger/fleetloop-demo/takeovers");
    assertThat(timeline).contains("Ready=True");

    String down =
        run(ROOT.resolve("fleetloop").toString(), "down", "--data-dir", dataDir.toString());
    assertThat(down).contains("stopped");
    assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("fleetloop up exits after down").isTrue();
    await("every process fleetloop up started is gone")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(pids)
                    .allSatisfy(
                        pid ->
                            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                                .as("process %d is gone", pid)
                                .isNotEqualTo(java.util.Optional.of(true))));
    assertThat(pids).as("fleetloop up started child processes").isNotEmpty();
  }

  private static long uploadedClips(KubernetesClient kube, String name) {
    DataTrigger t =
        kube.resources(DataTrigger.class).inNamespace("fleetloop-demo").withName(name).get();
    if (t == null
        || t.getStatus() == null
        || t.getStatus().getUploads() == null
        || t.getStatus().getUploads().getClips() == null) {
      return 0;
    }
    return t.getStatus().getUploads().getClips();
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

  /** The launcher script's JVM and everything below it (child JVMs, the postmaster). */
  private static List<Long> childPids(ProcessHandle root) {
    List<Long> pids = new ArrayList<>();
    root.descendants().forEach(p -> pids.add(p.pid()));
    return pids;
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
