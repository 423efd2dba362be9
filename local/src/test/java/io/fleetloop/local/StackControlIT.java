package io.fleetloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.local.process.ChildJvm;
import io.fleetloop.local.process.LogTail;
import io.fleetloop.local.process.ProcessRef;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A launcher in its own JVM, stopped the two ways {@code fleetloop} stops it, leaves no process
 * behind: SIGKILL (child JVMs end themselves through their watchdog; the daemonized postmaster is
 * stopped from {@code state.json}) and a graceful stop (SIGTERM to the launcher, whose shutdown
 * hook stops everything). Data of a persistent stack survives the restart.
 */
class StackControlIT {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  @TempDir Path dataDir;
  private Process launcher;

  @AfterEach
  void killLauncher() {
    if (launcher != null && launcher.isAlive()) {
      launcher.destroyForcibly();
    }
    StackControl.stop(dataDir, Duration.ofSeconds(5), line -> {});
  }

  @Test
  void killedLauncherLeavesNothingOnceDownRunsAndDataSurvivesARestart() throws Exception {
    StackState first = startLauncher();
    List<ProcessRef> children = childProcesses(first);
    ProcessRef s3 = processOf(first, ComponentKind.S3);
    ProcessRef postmaster = processOf(first, ComponentKind.POSTGRES);
    writeData(first);

    launcher.destroyForcibly().waitFor();

    assertThat(Poll.until(Duration.ofSeconds(20), () -> !s3.alive()))
        .as("the S3 child JVM ends itself when its parent is killed")
        .isTrue();
    assertThat(postmaster.alive())
        .as("the postmaster is a daemon and outlives the launcher")
        .isTrue();

    StackControl.StopOutcome outcome =
        StackControl.stop(dataDir, Duration.ofSeconds(5), line -> {});

    assertThat(outcome).isEqualTo(StackControl.StopOutcome.CLEANED_UP);
    assertThat(children).noneMatch(ProcessRef::alive);
    assertThat(dataDir.resolve(StackState.FILE_NAME)).doesNotExist();

    StackState second = startLauncher();
    assertThat(readData(second)).isEqualTo("kept");

    StackControl.StopOutcome graceful =
        StackControl.stop(dataDir, Duration.ofSeconds(30), line -> {});

    assertThat(graceful).isEqualTo(StackControl.StopOutcome.STOPPED);
    assertThat(launcher.isAlive()).isFalse();
    assertThat(childProcesses(second)).noneMatch(ProcessRef::alive);
  }

  private StackState startLauncher() throws Exception {
    Path log = dataDir.resolve("launcher.log");
    launcher =
        new ProcessBuilder(
                ChildJvm.javaExecutable().toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                StackLauncherMain.class.getName(),
                dataDir.toString(),
                "postgres,s3")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long pid = launcher.pid();
    Poll.until(
        READY_TIMEOUT,
        () -> Files.exists(log) && LogTail.of(log, 200).contains("READY"),
        () ->
            launcher.isAlive()
                ? java.util.Optional.empty()
                : java.util.Optional.of("launcher exited with " + launcher.exitValue()),
        () -> "launcher not ready",
        () -> LogTail.of(log, 40));
    Files.writeString(log, ""); // the next start looks for a fresh READY
    StackState state = StackState.read(dataDir).orElseThrow();
    assertThat(state.launcher().pid()).isEqualTo(pid);
    return state;
  }

  private static List<ProcessRef> childProcesses(StackState state) {
    return state.allProcesses().stream().filter(p -> !"launcher".equals(p.name())).toList();
  }

  private static ProcessRef processOf(StackState state, ComponentKind kind) {
    return state.components().get(kind.id()).processes().get(0);
  }

  private static void writeData(StackState state) throws Exception {
    try (Connection c = connect(state);
        Statement s = c.createStatement()) {
      s.execute("create table marker (value text)");
      s.execute("insert into marker values ('kept')");
    }
    try (MinioClient s3 = s3(state)) {
      s3.makeBucket(MakeBucketArgs.builder().bucket("marker").build());
      byte[] bytes = "kept".getBytes(StandardCharsets.UTF_8);
      s3.putObject(
          PutObjectArgs.builder().bucket("marker").object("m").stream(
                  new ByteArrayInputStream(bytes), bytes.length, -1)
              .build());
    }
  }

  /** Reads the marker from both stores; they must agree. */
  private static String readData(StackState state) throws Exception {
    String fromPostgres;
    try (Connection c = connect(state);
        ResultSet rs = c.createStatement().executeQuery("select value from marker")) {
      assertThat(rs.next()).isTrue();
      fromPostgres = rs.getString(1);
    }
    try (MinioClient s3 = s3(state);
        var in = s3.getObject(GetObjectArgs.builder().bucket("marker").object("m").build())) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(fromPostgres);
    }
    return fromPostgres;
  }

  private static Connection connect(StackState state) throws Exception {
    var endpoints = state.components().get(ComponentKind.POSTGRES.id()).endpoints();
    return DriverManager.getConnection(
        endpoints.get("jdbcUrl"), endpoints.get("user"), endpoints.get("password"));
  }

  private static MinioClient s3(StackState state) {
    var endpoints = state.components().get(ComponentKind.S3.id()).endpoints();
    return MinioClient.builder()
        .endpoint(endpoints.get("endpoint"))
        .credentials(endpoints.get("accessKey"), endpoints.get("secretKey"))
        .region(endpoints.get("region"))
        .build();
  }
}
