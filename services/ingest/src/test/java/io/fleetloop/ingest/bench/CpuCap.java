package io.fleetloop.ingest.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Gives one process a fixed share of the CPU (a Linux cgroup v1 {@code cpu} quota), so that a
 * benchmark on one machine can give a dependency the fixed capacity it has as a separate service:
 * {@code cores} of CPU time per wall-clock second, whatever the other processes do. Needs a
 * writable {@code /sys/fs/cgroup/cpu}; {@link #limit} returns empty where there is none.
 */
final class CpuCap implements AutoCloseable {

  private static final Path ROOT = Path.of("/sys/fs/cgroup/cpu");
  private static final long PERIOD_US = 100_000;

  private final Path group;
  private final long pid;
  private final double cores;

  private CpuCap(Path group, long pid, double cores) {
    this.group = group;
    this.pid = pid;
    this.cores = cores;
  }

  /** Moves {@code pid} (all its threads) into a new group with a quota of {@code cores}. */
  static Optional<CpuCap> limit(long pid, double cores) {
    Path group = ROOT.resolve("fleetloop-bench-" + pid);
    try {
      Files.createDirectories(group);
      Files.writeString(group.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_US));
      Files.writeString(
          group.resolve("cpu.cfs_quota_us"), Long.toString(Math.round(cores * PERIOD_US)));
      Files.writeString(group.resolve("cgroup.procs"), Long.toString(pid));
      return Optional.of(new CpuCap(group, pid, cores));
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      System.out.printf("  (no CPU cap: %s is not writable here: %s)%n", ROOT, e);
      return Optional.empty();
    }
  }

  double cores() {
    return cores;
  }

  /** Moves the process back to the root group and removes the group. */
  @Override
  public void close() {
    try {
      if (ProcessHandle.of(pid).isPresent()) {
        Files.writeString(ROOT.resolve("cgroup.procs"), Long.toString(pid));
      }
      Files.deleteIfExists(group);
    } catch (IOException e) {
      System.out.printf("  (could not remove %s: %s)%n", group, e);
    }
  }
}
