package io.fleetloop.cli;

import io.fleetloop.local.StackState;
import io.fleetloop.local.process.ProcessRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleetloop status}: what the local stack runs, from its state file: processes (alive or
 * not, current memory), endpoints, start-up times.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Shows the local stack started by `fleetloop up`: processes, memory, endpoints.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:running", "1:not running, or some process is gone"})
public final class StatusCommand implements Callable<Integer> {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "The stack's data directory (default: <checkout>/.fleetloop).")
  Path dataDir;

  @Option(names = "--json", description = "Print the state file as it is.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Path dir = dataDir != null ? dataDir.toAbsolutePath().normalize() : Main.defaultDataDir();
    Optional<StackState> read = StackState.read(dir);
    if (read.isEmpty()) {
      System.out.println("not running (no state file in " + dir + ")");
      return 1;
    }
    if (json) {
      System.out.println(Files.readString(dir.resolve(StackState.FILE_NAME)));
      return read.get().launcherAlive() ? 0 : 1;
    }
    StackState state = read.get();
    boolean healthy = state.launcherAlive();
    System.out.printf(
        "launcher pid %d: %s (started %s)%n",
        state.launcher().pid(), healthy ? "running" : "GONE", state.startedAt());
    for (Map.Entry<String, StackState.ComponentState> e : state.components().entrySet()) {
      StackState.ComponentState c = e.getValue();
      StringBuilder line =
          new StringBuilder(String.format(Locale.ROOT, "%-9s %-8s", e.getKey(), c.status()));
      if (c.startupSeconds() != null) {
        line.append(String.format(Locale.ROOT, " started in %.1fs", c.startupSeconds()));
      }
      for (ProcessRef p : c.processes()) {
        boolean alive = p.alive();
        healthy &= alive;
        line.append(" pid ").append(p.pid()).append(alive ? " " + mib(p.treeRssBytes()) : " GONE");
      }
      System.out.println(line);
      c.endpoints().forEach((k, v) -> System.out.printf("    %-14s %s%n", k, v));
    }
    if (state.kubeconfig() != null) {
      System.out.println();
      System.out.println("export KUBECONFIG=" + state.kubeconfig());
    }
    return healthy ? 0 : 1;
  }

  private static String mib(OptionalLong bytes) {
    return bytes.isPresent()
        ? String.format(Locale.ROOT, "RSS %d MiB", Math.round(bytes.getAsLong() / 1048576.0))
        : "RSS ?";
  }
}
