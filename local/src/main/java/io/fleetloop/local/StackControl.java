package io.fleetloop.local;

import io.fleetloop.local.process.ProcessRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Stops a stack from the outside, from its {@code state.json}: what {@code fleetloop down} does,
 * and what the next start does for a stack whose launcher was killed.
 */
public final class StackControl {

  private StackControl() {}

  /** The outcome of {@link #stop}. */
  public enum StopOutcome {
    /** No state file: nothing was running. */
    NOT_RUNNING,
    /** The launcher shut the stack down itself. */
    STOPPED,
    /** Processes were left (launcher killed, or it did not exit in time) and were stopped here. */
    CLEANED_UP,
    /** Some processes could not be stopped. */
    FAILED
  }

  /**
   * Stops the stack recorded in {@code dataDir}: SIGTERM to the launcher (its shutdown hook stops
   * everything), wait up to {@code launcherGrace}; then any recorded process still alive is stopped
   * (the postmaster with SIGINT, i.e. a fast shutdown), as is a postmaster named in {@code
   * postgres/pgdata/postmaster.pid}. Finally the state file is removed.
   */
  public static StopOutcome stop(Path dataDir, Duration launcherGrace, Consumer<String> progress) {
    Optional<StackState> read = StackState.read(dataDir);
    if (read.isEmpty()) {
      return stopPostmasterOnly(dataDir, progress)
          ? StopOutcome.CLEANED_UP
          : StopOutcome.NOT_RUNNING;
    }
    StackState state = read.get();
    boolean leftovers = false;
    ProcessRef launcher = state.launcher();
    if (launcher != null && launcher.alive() && launcher.pid() != ProcessHandle.current().pid()) {
      progress.accept("stopping the launcher (pid " + launcher.pid() + ")");
      if (!launcher.stop("TERM", launcherGrace)) {
        progress.accept("the launcher did not stop");
      }
    }
    for (ProcessRef ref : state.allProcesses()) {
      if (ref.pid() == ProcessHandle.current().pid() || !ref.alive()) {
        continue;
      }
      leftovers = true;
      progress.accept("stopping leftover " + ref.name() + " (pid " + ref.pid() + ")");
      String signal = "postgres".equals(ref.name()) ? "INT" : "TERM";
      ref.stop(signal, Duration.ofSeconds(10));
    }
    leftovers |= stopPostmasterOnly(dataDir, progress);
    boolean failed =
        state.allProcesses().stream()
            .anyMatch(r -> r.pid() != ProcessHandle.current().pid() && r.alive());
    if (!failed) {
      StackState.delete(dataDir);
    }
    return failed ? StopOutcome.FAILED : leftovers ? StopOutcome.CLEANED_UP : StopOutcome.STOPPED;
  }

  private static boolean stopPostmasterOnly(Path dataDir, Consumer<String> progress) {
    Path pgdata = dataDir.resolve(ComponentKind.POSTGRES.id()).resolve("pgdata");
    Optional<ProcessRef> postmaster =
        PostgresComponent.readPostmasterPid(pgdata)
            .flatMap(pid -> ProcessRef.of(pid, "postgres"))
            .filter(ref -> ref.handle().map(PostgresComponent::isPostgres).orElse(false));
    if (postmaster.isEmpty()) {
      return false;
    }
    progress.accept("stopping leftover postgres (pid " + postmaster.get().pid() + ")");
    postmaster.get().stop("INT", Duration.ofSeconds(10));
    return true;
  }

  /**
   * Cleans up after test runs whose JVM died: for every sub-directory of {@code runsDir} whose
   * launcher is gone, stops its leftover processes and deletes the directory. Directories of live
   * runs (e.g. a parallel build) are left alone.
   */
  public static void reapDeadRuns(Path runsDir, Path keep, Consumer<String> progress) {
    if (!Files.isDirectory(runsDir)) {
      return;
    }
    List<Path> runs;
    try (Stream<Path> children = Files.list(runsDir)) {
      runs = children.filter(Files::isDirectory).filter(p -> !p.equals(keep)).toList();
    } catch (IOException e) {
      return;
    }
    for (Path run : runs) {
      Optional<StackState> state;
      try {
        state = StackState.read(run);
      } catch (IllegalStateException e) {
        state = Optional.empty();
      }
      if (state.isPresent() ? state.get().launcherAlive() : isRecent(run)) {
        continue; // a live run, or one so new that it has not written its state yet
      }
      stop(run, Duration.ofSeconds(1), progress);
      deleteRecursively(run);
    }
  }

  private static boolean isRecent(Path dir) {
    try {
      return Files.getLastModifiedTime(dir)
          .toInstant()
          .isAfter(java.time.Instant.now().minusSeconds(600));
    } catch (IOException e) {
      return true;
    }
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // best effort: a file still held open is left for the next run
                }
              });
    } catch (IOException e) {
      // best effort
    }
  }
}
