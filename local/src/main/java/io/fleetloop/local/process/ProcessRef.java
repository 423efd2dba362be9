package io.fleetloop.local.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A process identified by pid <em>and</em> start time, so a recorded pid that the kernel has since
 * reused for another process is never signalled.
 *
 * @param pid the process id
 * @param startEpochMillis when the process started (0 when unknown: then the pid alone is trusted)
 * @param name what the process is, for messages ("pulsar", "postgres")
 */
public record ProcessRef(long pid, long startEpochMillis, String name) {

  /** Start instants read from /proc have the resolution of a clock tick. */
  private static final long START_TOLERANCE_MILLIS = 1_000;

  /** The reference for a live process, or empty if it is gone. */
  public static Optional<ProcessRef> of(long pid, String name) {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .map(h -> new ProcessRef(pid, startOf(h), name));
  }

  /** The reference for a process handle. */
  public static ProcessRef of(ProcessHandle handle, String name) {
    return new ProcessRef(handle.pid(), startOf(handle), name);
  }

  /** This JVM. */
  public static ProcessRef current(String name) {
    return of(ProcessHandle.current(), name);
  }

  private static long startOf(ProcessHandle handle) {
    return handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
  }

  /** The live process this reference names, or empty if it exited (or the pid was reused). */
  public Optional<ProcessHandle> handle() {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(
            h ->
                startEpochMillis == 0
                    || h.info()
                        .startInstant()
                        .map(
                            s ->
                                Math.abs(s.toEpochMilli() - startEpochMillis)
                                    < START_TOLERANCE_MILLIS)
                        .orElse(true));
  }

  public boolean alive() {
    return handle().isPresent();
  }

  /** Resident set size of this process alone (VmRSS from /proc), if readable. */
  public OptionalLong rssBytes() {
    return alive() ? ProcStatus.rssBytes(pid) : OptionalLong.empty();
  }

  /** Resident set size of this process and all its descendants (shared pages count twice). */
  public OptionalLong treeRssBytes() {
    Optional<ProcessHandle> handle = handle();
    if (handle.isEmpty()) {
      return OptionalLong.empty();
    }
    long total =
        Stream.concat(Stream.of(handle.get()), handle.get().descendants())
            .mapToLong(h -> ProcStatus.rssBytes(h.pid()).orElse(0))
            .sum();
    return OptionalLong.of(total);
  }

  /**
   * Stops the process: {@code signal} (e.g. "TERM", "INT"), then waits up to {@code grace}, then
   * SIGKILLs it and any descendants still alive. Returns whether the process is gone.
   */
  public boolean stop(String signal, Duration grace) {
    Optional<ProcessHandle> handle = handle();
    if (handle.isEmpty()) {
      return true;
    }
    List<ProcessHandle> descendants = handle.get().descendants().toList();
    if ("TERM".equals(signal)) {
      handle.get().destroy();
    } else {
      sendSignal(signal);
    }
    if (!waitForExit(handle.get(), grace)) {
      handle.get().destroyForcibly();
      waitForExit(handle.get(), Duration.ofSeconds(5));
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    return !handle.get().isAlive();
  }

  private void sendSignal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
      kill.waitFor();
    } catch (IOException e) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean waitForExit(ProcessHandle handle, Duration timeout) {
    try {
      handle.onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return !handle.isAlive();
    } catch (java.util.concurrent.ExecutionException e) {
      return !handle.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !handle.isAlive();
    }
  }

  /** Reads /proc/[pid]/status. */
  static final class ProcStatus {
    private ProcStatus() {}

    static OptionalLong rssBytes(long pid) {
      Path status = Path.of("/proc", Long.toString(pid), "status");
      try (Stream<String> lines = Files.lines(status)) {
        return lines
            .filter(l -> l.startsWith("VmRSS:"))
            .findFirst()
            .map(l -> l.replaceAll("[^0-9]", ""))
            .filter(s -> !s.isEmpty())
            .map(kb -> OptionalLong.of(Long.parseLong(kb) * 1024))
            .orElse(OptionalLong.empty());
      } catch (IOException | RuntimeException e) {
        return OptionalLong.empty();
      }
    }
  }
}
