package io.fleetloop.operator.datatrigger;

import io.fleetloop.audit.client.AuditRecorder;
import io.fleetloop.operator.common.ReleaseChannelConnection;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the DataTrigger reconciler reaches the release channel: the {@code TriggerStats} source, the
 * recorder of the trigger's domain facts (TriggerDeployed, TriggerChanged, TriggerCanaried), the
 * canary policy and how often figures are refreshed.
 *
 * <p>{@link #of} reads {@link Env} from the map {@link ReleaseChannelConnection#environment()}
 * gives (the process environment, overridden by JVM system properties of the same names). Without
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

  /** The settings {@link #of} reads. */
  public static final class Env {
    /** {@code host:port} of the release channel's gRPC port; unset: no distribution. */
    public static final String RELEASE_ENDPOINT = ReleaseChannelConnection.Env.RELEASE_ENDPOINT;

    /** The service token the release channel expects from the operator. */
    public static final String RELEASE_SERVICE_TOKEN =
        ReleaseChannelConnection.Env.RELEASE_SERVICE_TOKEN;

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

  /**
   * Through {@code channel} (none: {@link #none()}), with the canary and refresh settings of {@code
   * env} (see {@link Env}); domain facts go to {@code facts}. The channel stays its opener's to
   * close.
   */
  public static ReleaseChannelLink of(
      Map<String, String> env, Optional<ReleaseChannelConnection> channel, AuditRecorder facts) {
    if (channel.isEmpty()) {
      log.warn(NOT_CONFIGURED);
      return none();
    }
    CanaryPolicy canary =
        new CanaryPolicy(
            Integer.parseInt(
                ReleaseChannelConnection.setting(env, Env.CANARY_MIN_DEVICES)
                    .orElse(String.valueOf(CanaryPolicy.DEFAULT.minDevices()))),
            ReleaseChannelConnection.duration(
                env, Env.CANARY_MIN_OBSERVATION, CanaryPolicy.DEFAULT.minObservation()));
    Duration refresh =
        ReleaseChannelConnection.duration(env, Env.STATS_REFRESH, Duration.ofSeconds(10));
    log.info(
        "triggers distributed through the {} (canary: {} devices, {}; figures every {})",
        channel.get(),
        canary.minDevices(),
        CanaryPolicy.text(canary.minObservation()),
        CanaryPolicy.text(refresh));
    return new ReleaseChannelLink(new GrpcTriggerStats(channel.get()), facts, canary, refresh);
  }
}
