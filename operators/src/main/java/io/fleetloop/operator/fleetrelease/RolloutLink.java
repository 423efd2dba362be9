package io.fleetloop.operator.fleetrelease;

import io.fleetloop.audit.client.AuditClient;
import io.fleetloop.audit.client.AuditRecorder;
import io.fleetloop.audit.client.GrpcAuditRecorder;
import io.fleetloop.operator.OperatorSettings;
import io.fleetloop.operator.datatrigger.ReleaseChannelLink;
import io.fleetloop.release.api.Quantities;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the FleetRelease reconciler reaches the release channel: the {@code ReleaseStats} source, the
 * recorder of release facts (ShadowStarted, StageAdvanced, ReleasePromoted, ...) and how often a
 * running rollout is looked at. The channel's settings are the DataTrigger reconciler's ({@link
 * ReleaseChannelLink.Env}); {@value Env#ROLLOUT_REFRESH} sets the look interval.
 *
 * @param stats where exposure readings come from
 * @param facts where the release's decisions are recorded (before the status is written)
 * @param refresh how often a release is reconciled again to take a new look
 */
public record RolloutLink(ReleaseStatsSource stats, AuditRecorder facts, Duration refresh) {

  /** What {@code Progressing=Unknown} says without a release channel. */
  public static final String NOT_CONFIGURED =
      "no release channel configured ("
          + ReleaseChannelLink.Env.RELEASE_ENDPOINT
          + "): nothing measures the fleet, so no candidate is rolled out by this operator";

  private static final Logger log = LoggerFactory.getLogger(RolloutLink.class);

  /** The setting this link adds to {@link ReleaseChannelLink.Env}. */
  public static final class Env {
    /** How often a release is looked at, a duration such as 10s; default 10s. */
    public static final String ROLLOUT_REFRESH = "FLEETLOOP_ROLLOUT_REFRESH";

    private Env() {}
  }

  public RolloutLink {
    Objects.requireNonNull(stats, "stats");
    Objects.requireNonNull(facts, "facts");
    Objects.requireNonNull(refresh, "refresh");
  }

  /** No release channel: Progressing=Unknown. */
  public static RolloutLink none() {
    return new RolloutLink(
        ReleaseStatsSource.notConfigured(NOT_CONFIGURED),
        AuditRecorder.noop(),
        Duration.ofSeconds(10));
  }

  /** From the environment and {@code FLEETLOOP_*} system properties (as the DataTrigger link). */
  public static RolloutLink fromEnvironment(OperatorSettings.Audit audit) {
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

  /** From {@code env}; release facts go where {@code audit} says. */
  public static RolloutLink of(Map<String, String> env, OperatorSettings.Audit audit) {
    String endpoint = blankToNull(env.get(ReleaseChannelLink.Env.RELEASE_ENDPOINT));
    if (endpoint == null) {
      return none();
    }
    String token = blankToNull(env.get(ReleaseChannelLink.Env.RELEASE_SERVICE_TOKEN));
    if (token == null) {
      throw new IllegalArgumentException(
          ReleaseChannelLink.Env.RELEASE_SERVICE_TOKEN
              + " must be set when "
              + ReleaseChannelLink.Env.RELEASE_ENDPOINT
              + " is");
    }
    Duration refresh = Duration.ofSeconds(10);
    String r = blankToNull(env.get(Env.ROLLOUT_REFRESH));
    if (r != null) {
      try {
        refresh = Duration.ofMillis(Quantities.millis(r));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(Env.ROLLOUT_REFRESH + ": " + e.getMessage(), e);
      }
    }
    log.info(
        "FleetReleases measured through the release channel at {} (a look every {})",
        endpoint,
        refresh);
    return new RolloutLink(
        new GrpcReleaseStats(endpoint, token, Duration.ofSeconds(5)), recorder(audit), refresh);
  }

  private static AuditRecorder recorder(OperatorSettings.Audit audit) {
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
      return new GrpcAuditRecorder(client, "operator/fleetrelease");
    }
    return AuditRecorder.noop();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
