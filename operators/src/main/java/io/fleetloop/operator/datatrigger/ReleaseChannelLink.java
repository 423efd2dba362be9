package io.fleetloop.operator.datatrigger;

import io.fleetloop.audit.client.AuditClient;
import io.fleetloop.audit.client.AuditRecorder;
import io.fleetloop.audit.client.GrpcAuditRecorder;
import io.fleetloop.operator.OperatorSettings;
import io.fleetloop.release.api.Quantities;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the DataTrigger reconciler reaches the release channel: the {@code TriggerStats} source, the
 * recorder of the trigger's domain facts (TriggerDeployed, TriggerChanged, TriggerCanaried), the
 * canary policy and how often figures are refreshed.
 *
 * <p>{@link #fromEnvironment} reads {@link Env}: the process environment, overridden by JVM system
 * properties of the same names (what an in-process embedding such as the tests sets). Without
 * {@value Env#RELEASE_ENDPOINT} nothing is distributed by this operator and {@code Distributed} is
 * {@code Unknown}, reason {@code NoReleaseChannel}.
 *
 * @param stats where figures come from
 * @param facts where the trigger's domain facts are recorded (before the status is written)
 * @param canary when a canary is promoted
 * @param refresh how often a distributed trigger is reconciled again to refresh its figures
 */
public record ReleaseChannelLink(
    TriggerStatsSource stats, AuditRecorder facts, CanaryPolicy canary, Duration refresh) {

  /** What {@code Distributed=Unknown} says without a release channel. */
  public static final String NOT_CONFIGURED =
      "no release channel configured ("
          + Env.RELEASE_ENDPOINT
          + "): this operator does not distribute triggers to devices";

  private static final Logger log = LoggerFactory.getLogger(ReleaseChannelLink.class);

  /** The settings {@link #fromEnvironment} reads. */
  public static final class Env {
    /** {@code host:port} of the release channel's gRPC port; unset: no distribution. */
    public static final String RELEASE_ENDPOINT = "FLEETLOOP_RELEASE_ENDPOINT";

    /** The service token the release channel expects from the operator. */
    public static final String RELEASE_SERVICE_TOKEN = "FLEETLOOP_RELEASE_SERVICE_TOKEN";

    /** Reporting devices needed before a canary verdict; default 3. */
    public static final String CANARY_MIN_DEVICES = "FLEETLOOP_TRIGGER_CANARY_MIN_DEVICES";

    /** Time a generation stays in canary at least, a duration such as 10m; default 10m. */
    public static final String CANARY_MIN_OBSERVATION = "FLEETLOOP_TRIGGER_CANARY_MIN_OBSERVATION";

    /** How often figures are refreshed, a duration such as 10s; default 10s. */
    public static final String STATS_REFRESH = "FLEETLOOP_TRIGGER_STATS_REFRESH";

    private Env() {}
  }

  public ReleaseChannelLink {
    Objects.requireNonNull(stats, "stats");
    Objects.requireNonNull(facts, "facts");
    Objects.requireNonNull(canary, "canary");
    Objects.requireNonNull(refresh, "refresh");
  }

  /** No release channel: Distributed=Unknown, nothing recorded beyond conditions. */
  public static ReleaseChannelLink none() {
    return new ReleaseChannelLink(
        TriggerStatsSource.notConfigured(NOT_CONFIGURED),
        AuditRecorder.noop(),
        CanaryPolicy.DEFAULT,
        Duration.ofSeconds(10));
  }

  /** From the environment and system properties (see the class comment). */
  public static ReleaseChannelLink fromEnvironment(OperatorSettings.Audit audit) {
    Map<String, String> env = new HashMap<>(System.getenv());
    System.getProperties()
        .stringPropertyNames()
        .forEach(
            name -> {
              if (name.startsWith("FLEETLOOP_")) {
                env.put(name, System.getProperty(name));
              }
            });
    return of(env, audit);
  }

  /** From {@code env} (see {@link Env}); domain facts go where {@code audit} says. */
  public static ReleaseChannelLink of(Map<String, String> env, OperatorSettings.Audit audit) {
    String endpoint = blankToNull(env.get(Env.RELEASE_ENDPOINT));
    if (endpoint == null) {
      log.warn(NOT_CONFIGURED);
      return none();
    }
    String token = blankToNull(env.get(Env.RELEASE_SERVICE_TOKEN));
    if (token == null) {
      throw new IllegalArgumentException(
          Env.RELEASE_SERVICE_TOKEN + " must be set when " + Env.RELEASE_ENDPOINT + " is");
    }
    CanaryPolicy canary =
        new CanaryPolicy(
            Integer.parseInt(
                env.getOrDefault(
                        Env.CANARY_MIN_DEVICES, String.valueOf(CanaryPolicy.DEFAULT.minDevices()))
                    .trim()),
            duration(env, Env.CANARY_MIN_OBSERVATION, CanaryPolicy.DEFAULT.minObservation()));
    Duration refresh = duration(env, Env.STATS_REFRESH, Duration.ofSeconds(10));
    log.info(
        "triggers distributed through the release channel at {} (canary: {} devices, {};"
            + " figures every {})",
        endpoint,
        canary.minDevices(),
        CanaryPolicy.text(canary.minObservation()),
        CanaryPolicy.text(refresh));
    return new ReleaseChannelLink(
        new GrpcTriggerStats(endpoint, token, Duration.ofSeconds(5)),
        factsRecorder(audit),
        canary,
        refresh);
  }

  /**
   * The recorder of domain facts: the given one, a client of the audit endpoint (actor {@code
   * operator/datatrigger}, open for the life of the process), or none.
   */
  private static AuditRecorder factsRecorder(OperatorSettings.Audit audit) {
    if (audit instanceof OperatorSettings.Audit.Recorder given) {
      return given.recorder();
    }
    if (audit instanceof OperatorSettings.Audit.Endpoint endpoint) {
      AuditClient client =
          AuditClient.connect(
              endpoint.target(),
              new AuditClient.Options(
                  Duration.ofSeconds(5),
                  4,
                  Duration.ofMillis(100),
                  Duration.ofSeconds(2),
                  endpoint.appendToken().orElse(null)));
      return new GrpcAuditRecorder(client, "operator/datatrigger");
    }
    return AuditRecorder.noop();
  }

  private static Duration duration(Map<String, String> env, String name, Duration fallback) {
    String v = blankToNull(env.get(name));
    if (v == null) {
      return fallback;
    }
    try {
      return Duration.ofMillis(Quantities.millis(v));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
