package io.fleetloop.local;

import io.fleetloop.local.process.ProcessRef;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One real component of the local stack, on loopback.
 *
 * <p>Life cycle: {@link #start()} launches it (child processes are spawned, ports bound); {@link
 * #awaitReady(Duration)} polls {@link #isReady()} until it holds, failing fast if the component has
 * died ({@link #problem()}); {@link #stop()} stops it and everything it spawned. Implementations
 * are used by one thread at a time for start/stop; the accessors are thread-safe once ready.
 */
public interface Component {

  ComponentKind kind();

  /** Launches the component. May block for components that start synchronously. */
  void start() throws IOException;

  /** One readiness probe; returns within a few seconds and never throws. */
  boolean isReady();

  /**
   * Why the component cannot become ready any more (e.g. its process exited), or empty while it
   * can.
   */
  default Optional<String> problem() {
    return Optional.empty();
  }

  /** Where to look on failure: the last lines of the component's log, or empty. */
  default String diagnostics() {
    return "";
  }

  /** The component's log file, if it has one. */
  default Optional<Path> logFile() {
    return Optional.empty();
  }

  /**
   * Polls {@link #isReady()} until it holds or {@code timeout} passes.
   *
   * @throws ComponentStartException when the deadline passes or the component has died; the message
   *     carries {@link #diagnostics()}
   */
  default void awaitReady(Duration timeout) {
    Poll.until(
        timeout,
        this::isReady,
        () -> problem().map(p -> kind() + " failed: " + p),
        () -> kind() + " not ready after " + timeout.toSeconds() + "s",
        this::diagnostics);
  }

  /** The main endpoint in one line (a URL), for progress lines and the summary. */
  String endpoint();

  /** Named endpoints (URLs, ports, credentials) for the state file and the summary. */
  Map<String, String> endpoints();

  /** Processes outside this JVM that belong to the component (for RSS and clean-up). */
  default List<ProcessRef> processes() {
    return List.of();
  }

  /** Stops the component and everything it spawned; idempotent. */
  void stop();
}
