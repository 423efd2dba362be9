package io.fleetloop.operator.fleetrelease;

import io.fleetloop.audit.client.AuditRecorder;
import io.fleetloop.operator.common.ReleaseChannelConnection;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the FleetRelease reconciler reaches the release channel: the {@code ReleaseStats} source, the
 * recorder of release facts (ShadowStarted, StageAdvanced, ReleasePromoted, ...) and how often a
 * running rollout is looked at. The channel is the operator's one {@link ReleaseChannelConnection}
 * (the DataTrigger reconciler's too); {@value Env#ROLLOUT_REFRESH} sets the look interval.
 *
 * @param stats where exposure readings come from
 * @param facts where the release's decisions are recorded (before the status is written)
 * @param refresh how often a release is reconciled again to take a new look
 */
public record RolloutLink(ReleaseStatsSource stats, AuditRecorder facts, Duration refresh) {

  /** What {@code Progressing=Unknown} says without a release channel. */
  public static final String NOT_CONFIGURED =
      "no release channel configured ("
          + ReleaseChannelConnection.Env.RELEASE_ENDPOINT
          + "): nothing measures the fleet, so no candidate is rolled out by this operator";

  private static final Logger log = LoggerFactory.getLogger(RolloutLink.class);

  /** The setting this link adds to {@link ReleaseChannelConnection.Env}. */
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

  /**
   * Through {@code channel} (none: {@link #none()}), looking every {@value Env#ROLLOUT_REFRESH} of
   * {@code env}; release facts go to {@code facts}. The channel stays its opener's to close.
   */
  public static RolloutLink of(
      Map<String, String> env, Optional<ReleaseChannelConnection> channel, AuditRecorder facts) {
    if (channel.isEmpty()) {
      return none();
    }
    Duration refresh =
        ReleaseChannelConnection.duration(env, Env.ROLLOUT_REFRESH, Duration.ofSeconds(10));
    log.info("FleetReleases measured through the {} (a look every {})", channel.get(), refresh);
    return new RolloutLink(new GrpcReleaseStats(channel.get()), facts, refresh);
  }
}
