package io.fleetloop.audit.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.audit.api.ResourceIds;
import io.fleetloop.audit.client.Appended;
import io.fleetloop.audit.client.AuditClient;
import io.fleetloop.audit.client.Outcome;
import io.fleetloop.audit.client.PendingEvent;
import io.fleetloop.audit.command.Facts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The audit service runs as its own process; it is killed (SIGKILL) while a client appends and then
 * started again. The client retries with the same idempotency keys; afterwards every acknowledged
 * event is in the log exactly once and the chain verifies.
 */
class RestartWithoutLossIT {

  private static final String DB = "audit_restart_it";
  private Process process;

  @AfterEach
  void killChild() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void nothingAcknowledgedIsLostAcrossAKill() throws Exception {
    AuditConfig config = TestDatabase.fresh(DB);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    process = startService(config, port);
    String device = ResourceIds.device("veh-restart");
    Set<String> acknowledged = new HashSet<>();
    List<Appended> acks = new ArrayList<>();
    AuditClient.Options patient =
        new AuditClient.Options(
            Duration.ofSeconds(5), 40, Duration.ofMillis(100), Duration.ofMillis(500), null);
    try (AuditClient client = AuditClient.connect("127.0.0.1:" + port, patient)) {
      CompletableFuture<Void> killer = null;
      for (int i = 0; i < 120; i++) {
        if (i == 40) {
          Process doomed = process;
          // kill while the client keeps appending; start a new process on the same database
          killer =
              CompletableFuture.runAsync(
                  () -> {
                    try {
                      doomed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                      process = startService(config, port);
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  });
        }
        String key = "restart:" + i;
        Appended ack =
            client.append(
                PendingEvent.of(Facts.clips(device, "batch-" + i, 3), key, "service/ingest"));
        assertThat(ack.outcome()).isIn(Outcome.APPENDED, Outcome.DUPLICATE);
        acknowledged.add(key);
        acks.add(ack);
      }
      killer.get(60, TimeUnit.SECONDS);
    }
    assertThat(acknowledged).hasSize(120);
    assertThat(
            TestDatabase.count(
                DB,
                "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = '"
                    + device
                    + "'"))
        .isEqualTo(120);
    assertThat(
            TestDatabase.count(
                DB,
                "SELECT count(DISTINCT idempotency_key) FROM domain_event_entry"
                    + " WHERE idempotency_key LIKE 'restart:%'"))
        .isEqualTo(120);
    assertThat(acks).extracting(Appended::globalIndex).doesNotHaveDuplicates();
    try (AuditService verifier = AuditService.start(config)) {
      assertThat(verifier.verifier().verifyAll().intact()).isTrue();
    }
  }

  private static Process startService(AuditConfig config, int port) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                AuditServiceMain.class.getName(),
                "--jdbc-url",
                config.jdbcUrl(),
                "--user",
                config.user(),
                "--password",
                config.password(),
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--internal-port",
                Integer.toString(port))
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Boolean> ready =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                String line;
                while ((line = out.readLine()) != null) {
                  if (line.startsWith("audit service listening")) {
                    // keep draining so the child never blocks on a full pipe
                    Thread drain =
                        new Thread(
                            () -> {
                              try {
                                while (out.readLine() != null) {
                                  // discard
                                }
                              } catch (IOException ignored) {
                                // the process ended
                              }
                            });
                    drain.setDaemon(true);
                    drain.start();
                    return true;
                  }
                }
                return false;
              } catch (IOException e) {
                return false;
              }
            });
    try {
      if (!ready.get(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the audit service exited before it listened");
      }
    } catch (Exception e) {
      p.destroyForcibly();
      throw new IllegalStateException("the audit service did not start: " + e.getMessage(), e);
    }
    return p;
  }
}
