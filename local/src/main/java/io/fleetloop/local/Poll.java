package io.fleetloop.local;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polling with a deadline: the only way the harness waits for something. */
public final class Poll {

  private static final long INTERVAL_MILLIS = 100;

  private Poll() {}

  /**
   * Waits until {@code condition} holds.
   *
   * @param fatal checked before each probe; a present value aborts at once with that message
   * @param timeoutMessage the message when the deadline passes
   * @param diagnostics appended to the failure message (e.g. a log tail)
   * @throws ComponentStartException on timeout or a fatal problem
   */
  public static void until(
      Duration timeout,
      BooleanSupplier condition,
      Supplier<Optional<String>> fatal,
      Supplier<String> timeoutMessage,
      Supplier<String> diagnostics) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<String> problem = fatal.get();
      if (problem.isPresent()) {
        throw new ComponentStartException(withDiagnostics(problem.get(), diagnostics.get()));
      }
      if (condition.getAsBoolean()) {
        return;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new ComponentStartException(withDiagnostics(timeoutMessage.get(), diagnostics.get()));
      }
      pause();
    }
  }

  /** Waits until {@code condition} holds; false if {@code timeout} passed first. */
  public static boolean until(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      pause();
    }
    return true;
  }

  private static void pause() {
    try {
      Thread.sleep(INTERVAL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ComponentStartException("interrupted while waiting", e);
    }
  }

  private static String withDiagnostics(String message, String diagnostics) {
    return diagnostics == null || diagnostics.isBlank() ? message : message + "\n" + diagnostics;
  }
}
