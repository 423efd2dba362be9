package io.fleetloop.local.child;

import java.time.Instant;
import java.util.Optional;

/**
 * Ends this JVM when the process that launched it is gone, so a killed launcher never leaves a
 * process behind.
 *
 * <p>The parent is named by the system properties {@code fleetloop.parent.pid} and (to guard
 * against pid reuse) {@code fleetloop.parent.start} (epoch milliseconds). Without them the watchdog
 * does nothing. Shared by the child-JVM wrappers ({@code local/pulsar-standalone}, {@code
 * local/s3-server}); it depends on nothing but the JDK, so it never disturbs their classpath.
 */
public final class ParentWatchdog {

  public static final String PID_PROPERTY = "fleetloop.parent.pid";
  public static final String START_PROPERTY = "fleetloop.parent.start";
  private static final long POLL_MILLIS = 1_000;
  private static final long HALT_AFTER_MILLIS = 15_000;

  private ParentWatchdog() {}

  /** Starts the watchdog thread if a parent pid was given; returns whether it was started. */
  public static boolean startFromSystemProperties() {
    String pid = System.getProperty(PID_PROPERTY);
    if (pid == null || pid.isBlank()) {
      return false;
    }
    long parentPid = Long.parseLong(pid.trim());
    String start = System.getProperty(START_PROPERTY);
    Optional<Instant> parentStart =
        start == null || start.isBlank()
            ? Optional.empty()
            : Optional.of(Instant.ofEpochMilli(Long.parseLong(start.trim())));
    Thread thread = new Thread(() -> watch(parentPid, parentStart), "fleetloop-parent-watchdog");
    thread.setDaemon(true);
    thread.start();
    return true;
  }

  private static void watch(long parentPid, Optional<Instant> parentStart) {
    while (isAlive(parentPid, parentStart)) {
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    System.err.println("[fleetloop] parent process " + parentPid + " is gone; shutting down");
    Thread halter =
        new Thread(
            () -> {
              try {
                Thread.sleep(HALT_AFTER_MILLIS);
              } catch (InterruptedException ignored) {
                // fall through and halt
              }
              Runtime.getRuntime().halt(3);
            },
            "fleetloop-parent-watchdog-halt");
    halter.setDaemon(true);
    halter.start();
    System.exit(3);
  }

  private static boolean isAlive(long pid, Optional<Instant> expectedStart) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return false;
    }
    if (expectedStart.isEmpty()) {
      return true;
    }
    Optional<Instant> actual = handle.get().info().startInstant();
    // start instants from /proc have a resolution of a clock tick: compare to the second
    return actual.isEmpty()
        || Math.abs(actual.get().toEpochMilli() - expectedStart.get().toEpochMilli()) < 1_000;
  }
}
