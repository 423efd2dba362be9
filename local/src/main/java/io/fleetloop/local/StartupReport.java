package io.fleetloop.local;

import io.fleetloop.local.process.ProcessRef;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * How long each component took to become ready and how much memory it holds, for the start-up
 * summary and docs/benchmarks.md.
 *
 * @param entries one per component, in start order
 * @param totalSeconds wall time spent starting (for one {@code start}: first launch to last ready)
 * @param launcherRssBytes the launcher JVM's RSS (it hosts the API server), if readable
 * @param parallel whether the components started concurrently
 */
public record StartupReport(
    List<Entry> entries, double totalSeconds, OptionalLong launcherRssBytes, boolean parallel) {

  /**
   * One component.
   *
   * @param kind the component
   * @param seconds launch to ready
   * @param rssBytes RSS of its processes (with descendants) when measured; empty if in-process
   * @param processes its processes outside the launcher
   * @param endpoint the main endpoint
   */
  public record Entry(
      ComponentKind kind,
      double seconds,
      OptionalLong rssBytes,
      List<ProcessRef> processes,
      String endpoint) {}

  /** A table for the console. */
  public String format() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "local stack ready in %.1fs (%s start)%n",
            totalSeconds,
            parallel ? "parallel" : "sequential"));
    out.append(
        String.format(
            Locale.ROOT,
            "  %-10s %9s %10s %8s  %s%n",
            "component",
            "ready in",
            "RSS",
            "pid",
            "endpoint"));
    for (Entry e : entries) {
      String pid = e.processes().isEmpty() ? "-" : Long.toString(e.processes().get(0).pid());
      out.append(
          String.format(
              Locale.ROOT,
              "  %-10s %8.1fs %10s %8s  %s%n",
              e.kind().id(),
              e.seconds(),
              e.processes().isEmpty() ? "(in JVM)" : mib(e.rssBytes()),
              pid,
              e.endpoint()));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "  %-10s %9s %10s %8s  %s%n",
            "launcher",
            "",
            mib(launcherRssBytes),
            ProcessHandle.current().pid(),
            "this JVM (API server and in-process code)"));
    long total =
        entries.stream().mapToLong(e -> e.rssBytes().orElse(0)).sum() + launcherRssBytes.orElse(0);
    out.append(
        String.format(Locale.ROOT, "  %-10s %9s %10s%n", "total", "", mib(OptionalLong.of(total))));
    return out.toString();
  }

  static String mib(OptionalLong bytes) {
    return bytes.isPresent()
        ? String.format(Locale.ROOT, "%d MiB", Math.round(bytes.getAsLong() / 1024.0 / 1024.0))
        : "?";
  }
}
