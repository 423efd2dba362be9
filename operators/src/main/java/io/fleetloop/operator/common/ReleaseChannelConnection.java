package io.fleetloop.operator.common;

import io.fleetloop.release.api.Quantities;
import io.fleetloop.release.client.ReleaseChannelClient;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's one connection to the release channel, shared by the DataTrigger reconciler
 * ({@code TriggerStats}), the FleetRelease reconciler and the loop controller ({@code
 * ReleaseStats}), and the settings they read from the environment.
 *
 * <p>Settings come from {@link #environment()}: the process environment, overridden by JVM system
 * properties of the same names that start with {@code FLEETLOOP_} (what an in-process embedding
 * such as {@code fleetloop up} or the tests sets). Without {@value Env#RELEASE_ENDPOINT} there is
 * no connection; with it, {@value Env#RELEASE_SERVICE_TOKEN} is required.
 *
 * <p>The connection owns its gRPC channel: whoever {@link #of opens} it closes it ({@code
 * FleetloopOperator#close}); the clients handed out by {@link #client()} do not close it.
 */
public final class ReleaseChannelConnection implements AutoCloseable {

  /** Deadline of one call to the release channel. */
  public static final Duration DEADLINE = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(ReleaseChannelConnection.class);

  /** The settings every user of the connection reads. */
  public static final class Env {
    /** {@code host:port} of the release channel's gRPC port; unset: no release channel. */
    public static final String RELEASE_ENDPOINT = "FLEETLOOP_RELEASE_ENDPOINT";

    /** The service token the release channel expects from the operator. */
    public static final String RELEASE_SERVICE_TOKEN = "FLEETLOOP_RELEASE_SERVICE_TOKEN";

    /** The prefix of the system properties that override the environment. */
    public static final String PREFIX = "FLEETLOOP_";

    private Env() {}
  }

  private final String target;
  private final ManagedChannel channel;
  private final ReleaseChannelClient client;

  private ReleaseChannelConnection(String target, String token) {
    this.target = target;
    this.channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    this.client =
        ReleaseChannelClient.onChannel(
            channel, ReleaseChannelClient.BEARER + " " + token, DEADLINE);
  }

  /** The process environment, overridden by {@code FLEETLOOP_*} system properties. */
  public static Map<String, String> environment() {
    Map<String, String> env = new HashMap<>(System.getenv());
    System.getProperties()
        .stringPropertyNames()
        .forEach(
            name -> {
              if (name.startsWith(Env.PREFIX)) {
                env.put(name, System.getProperty(name));
              }
            });
    return env;
  }

  /**
   * Opens the connection {@code env} names, or empty without {@value Env#RELEASE_ENDPOINT}. The
   * channel connects lazily, at the first call.
   *
   * @throws IllegalArgumentException when the endpoint is set without the service token
   */
  public static Optional<ReleaseChannelConnection> of(Map<String, String> env) {
    String endpoint = setting(env, Env.RELEASE_ENDPOINT).orElse(null);
    if (endpoint == null) {
      return Optional.empty();
    }
    String token =
        setting(env, Env.RELEASE_SERVICE_TOKEN)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        Env.RELEASE_SERVICE_TOKEN
                            + " must be set when "
                            + Env.RELEASE_ENDPOINT
                            + " is"));
    return Optional.of(new ReleaseChannelConnection(endpoint, token));
  }

  /** The trimmed value of {@code name}, empty when unset or blank. */
  public static Optional<String> setting(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  /**
   * The duration {@code name} gives ({@code 10s}, {@code 500ms}, {@code 2m}), or {@code fallback}
   * when unset.
   *
   * @throws IllegalArgumentException naming the setting when the value is not a duration
   */
  public static Duration duration(Map<String, String> env, String name, Duration fallback) {
    Objects.requireNonNull(fallback, "fallback");
    Optional<String> v = setting(env, name);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      return Duration.ofMillis(Quantities.millis(v.get()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  /** {@code host:port} of the release channel. */
  public String target() {
    return target;
  }

  /** The client on the shared channel (closing it does not close the channel). */
  public ReleaseChannelClient client() {
    return client;
  }

  /** What a source says when a call failed: "the release channel at ... did not answer: ...". */
  public String didNotAnswer(StatusRuntimeException e) {
    return "the release channel at "
        + target
        + " did not answer: "
        + ReleaseChannelClient.describe(e);
  }

  /** True once {@link #close()} ran. */
  public boolean isClosed() {
    return channel.isShutdown();
  }

  /** Shuts the channel down (waits up to 2 s for calls in flight). Idempotent. */
  @Override
  public void close() {
    if (channel.isShutdown()) {
      return;
    }
    channel.shutdown();
    try {
      if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
    log.info("closed the connection to the release channel at {}", target);
  }

  @Override
  public String toString() {
    return "release channel at " + target;
  }
}
