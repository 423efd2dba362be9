package io.fleetloop.release.server;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How one release channel replica runs.
 *
 * @param bindHost address to listen on ({@code 0.0.0.0} in a container, loopback in-process)
 * @param port gRPC port; 0 picks a free one
 * @param namespaces where DataTriggers and FleetReleases are read; empty: every namespace
 * @param serviceToken the token the operator sends as {@code Bearer}; empty refuses TriggerStats
 * @param pollAfterSeconds how long devices wait before asking again
 * @param activeWindow a device that reported a generation within this window counts as active
 */
public record ReleaseConfig(
    String bindHost,
    int port,
    Set<String> namespaces,
    Optional<String> serviceToken,
    int pollAfterSeconds,
    Duration activeWindow) {

  /** Default gRPC port in a container. */
  public static final int DEFAULT_PORT = 9093;

  /** The environment variables {@link #fromEnv} reads. */
  public static final class Env {
    /** gRPC port; default {@value ReleaseConfig#DEFAULT_PORT}. */
    public static final String PORT = "FLEETLOOP_RELEASE_PORT";

    /** Comma-separated namespaces to read; unset reads all. */
    public static final String NAMESPACES = "FLEETLOOP_WATCH_NAMESPACES";

    /** The service token the operator presents. */
    public static final String SERVICE_TOKEN = "FLEETLOOP_RELEASE_SERVICE_TOKEN";

    /** The device registry file (the ingest service's format). */
    public static final String DEVICES_FILE = "FLEETLOOP_DEVICES_FILE";

    /** Seconds devices wait between polls; default 60. */
    public static final String POLL_AFTER_SECONDS = "FLEETLOOP_RELEASE_POLL_AFTER_SECONDS";

    private Env() {}
  }

  public ReleaseConfig {
    Objects.requireNonNull(bindHost, "bindHost");
    namespaces = Set.copyOf(namespaces);
    Objects.requireNonNull(serviceToken, "serviceToken");
    Objects.requireNonNull(activeWindow, "activeWindow");
    if (pollAfterSeconds < 1) {
      throw new IllegalArgumentException("pollAfterSeconds must be at least 1");
    }
  }

  /** In-process: loopback, a free port, every namespace, devices poll every 60 s. */
  public static ReleaseConfig local(String serviceToken) {
    return new ReleaseConfig(
        "127.0.0.1", 0, Set.of(), Optional.ofNullable(serviceToken), 60, Duration.ofMinutes(15));
  }

  /** In a container, from {@link Env}. */
  public static ReleaseConfig fromEnv(Map<String, String> env) {
    Set<String> namespaces =
        Set.of(env.getOrDefault(Env.NAMESPACES, "").split(",")).stream()
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    String token = env.get(Env.SERVICE_TOKEN);
    return new ReleaseConfig(
        "0.0.0.0",
        intOf(env, Env.PORT, DEFAULT_PORT),
        namespaces,
        Optional.ofNullable(token == null || token.isBlank() ? null : token.trim()),
        intOf(env, Env.POLL_AFTER_SECONDS, 60),
        Duration.ofMinutes(15));
  }

  /** The same configuration with another active window. */
  public ReleaseConfig withActiveWindow(Duration window) {
    return new ReleaseConfig(bindHost, port, namespaces, serviceToken, pollAfterSeconds, window);
  }

  private static int intOf(Map<String, String> env, String name, int fallback) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + v + "'", e);
    }
  }
}
