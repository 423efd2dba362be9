package io.fleetloop.cli;

import io.fleetloop.local.StackControl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleetloop down}: stops the stack that {@code fleetloop up} runs, from its state file:
 * SIGTERM to the launcher (which stops everything), then any process it left behind.
 */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description = {
      "Stops the local stack started by `fleetloop up` (from another terminal): asks the launcher"
          + " to stop, waits, then stops any process it left behind (e.g. after a kill -9).",
      "Data under the data directory is kept."
    })
public final class DownCommand implements Callable<Integer> {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "The stack's data directory (default: <checkout>/.fleetloop).")
  Path dataDir;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description =
          "How long the launcher gets to stop before leftovers are killed (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override
  public Integer call() {
    Path dir = dataDir != null ? dataDir.toAbsolutePath().normalize() : Main.defaultDataDir();
    StackControl.StopOutcome outcome =
        StackControl.stop(
            dir,
            Duration.ofSeconds(timeoutSeconds),
            line -> System.out.println("[fleetloop] " + line));
    switch (outcome) {
      case NOT_RUNNING -> System.out.println("[fleetloop] nothing is running from " + dir);
      case STOPPED -> System.out.println("[fleetloop] stopped");
      case CLEANED_UP ->
          System.out.println("[fleetloop] stopped (leftover processes were cleaned up)");
      case FAILED ->
          System.err.println(
              "[fleetloop] some processes could not be stopped; see `fleetloop status`");
    }
    return outcome == StackControl.StopOutcome.FAILED ? 1 : 0;
  }
}
