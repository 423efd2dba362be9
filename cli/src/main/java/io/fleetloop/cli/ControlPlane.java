package io.fleetloop.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetloop.audit.app.AuditConfig;
import io.fleetloop.audit.app.AuditService;
import io.fleetloop.audit.grpc.AuditServer;
import io.fleetloop.ingest.api.DeviceRegistry;
import io.fleetloop.local.PostgresComponent;
import io.fleetloop.operator.FleetloopOperator;
import io.fleetloop.operator.OperatorSettings;
import io.fleetloop.operator.datatrigger.ReleaseChannelLink;
import io.fleetloop.operator.fleetrelease.RolloutLink;
import io.fleetloop.operator.trainingrun.TrainingSettings;
import io.fleetloop.release.server.ReleaseConfig;
import io.fleetloop.release.server.ReleaseServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The control plane of {@code fleetloop up}, in this JVM: the audit service (on the stack's
 * PostgreSQL, database {@value #AUDIT_DATABASE}), the release channel (on the stack's API server;
 * devices pull their DataTriggers from it and report their counters to it) and the operator, which
 * records every condition transition into the audit log and reads trigger figures from the release
 * channel with this run's service token. Closed in reverse order: operator, release channel, audit
 * server, audit service.
 */
final class ControlPlane implements AutoCloseable {

  static final String AUDIT_DATABASE = "fleetloop_audit";

  /**
   * How often local devices ask the release channel again, seconds: short, so that a rollout
   * stage's new slice reaches the 100 local vehicles within seconds (a real fleet: minutes).
   */
  static final int RELEASE_POLL_SECONDS = 5;

  /**
   * How often the operator looks at each FleetRelease (rollout and loop), {@code
   * FLEETLOOP_ROLLOUT_REFRESH}: the local fleet drives in time-lapse, so a stage's minimum km
   * arrive within seconds.
   */
  static final String ROLLOUT_REFRESH = "2s";

  private final FleetloopOperator operator;
  private final KubernetesClient operatorClient;
  private final AuditService auditService;
  private final AuditServer auditServer;
  private final String appendToken;
  private final ReleaseServer release;
  private final DeviceRegistry releaseDevices;
  private final String serviceToken;

  private ControlPlane(
      FleetloopOperator operator,
      KubernetesClient operatorClient,
      AuditService auditService,
      AuditServer auditServer,
      String appendToken,
      ReleaseServer release,
      DeviceRegistry releaseDevices,
      String serviceToken) {
    this.serviceToken = serviceToken;
    this.operator = operator;
    this.operatorClient = operatorClient;
    this.auditService = auditService;
    this.auditServer = auditServer;
    this.appendToken = appendToken;
    this.release = release;
    this.releaseDevices = releaseDevices;
  }

  /**
   * Starts the audit service when PostgreSQL runs (query port {@code auditPort}, append port {@code
   * auditPort + 1}, a fresh append token per run), then the operator.
   */
  static ControlPlane start(
      KubernetesClient operatorClient, Optional<PostgresComponent> postgres, int auditPort) {
    return start(operatorClient, postgres, auditPort, audit -> TrainingSettings.defaults());
  }

  /**
   * As {@link #start(KubernetesClient, Optional, int)}; {@code training} runs after the audit
   * service started and before the operator does: it is told where the audit log takes appends
   * (empty: no audit log), so that the services it starts (the curator) record into it, and returns
   * the settings the operator runs TrainingRuns with.
   */
  static ControlPlane start(
      KubernetesClient operatorClient,
      Optional<PostgresComponent> postgres,
      int auditPort,
      Function<Optional<LocalFleet.AuditTarget>, TrainingSettings> training) {
    AuditService auditService = null;
    AuditServer auditServer = null;
    OperatorSettings settings = OperatorSettings.local();
    String token = null;
    ReleaseServer release = null;
    DeviceRegistry releaseDevices = new DeviceRegistry();
    try {
      if (postgres.isPresent()) {
        PostgresComponent pg = postgres.get();
        token = newToken();
        auditService =
            AuditService.start(
                AuditConfig.forDatabase(pg.createDatabase(AUDIT_DATABASE), pg.user(), pg.password())
                    .withPorts(auditPort, auditPort == 0 ? 0 : auditPort + 1)
                    .withAppendToken(token));
        auditServer =
            AuditServer.start(
                auditService, "127.0.0.1", auditPort, auditPort == 0 ? 0 : auditPort + 1, token);
        settings = settings.withAudit("127.0.0.1:" + auditServer.internalPort(), token);
      }
      String serviceToken = newToken();
      release =
          ReleaseServer.start(
              new ReleaseConfig(
                  "127.0.0.1",
                  0,
                  Set.of(),
                  Optional.of(serviceToken),
                  RELEASE_POLL_SECONDS,
                  Duration.ofMinutes(15)),
              operatorClient,
              releaseDevices,
              Clock.systemUTC());
      // the operator reads its release channel link from FLEETLOOP_* system properties
      System.setProperty(ReleaseChannelLink.Env.RELEASE_ENDPOINT, release.target());
      System.setProperty(ReleaseChannelLink.Env.RELEASE_SERVICE_TOKEN, serviceToken);
      System.setProperty(ReleaseChannelLink.Env.STATS_REFRESH, "5s");
      System.setProperty(RolloutLink.Env.ROLLOUT_REFRESH, ROLLOUT_REFRESH);
      TrainingSettings trainingSettings =
          training.apply(
              auditServer == null
                  ? Optional.empty()
                  : Optional.of(
                      new LocalFleet.AuditTarget(
                          "127.0.0.1:" + auditServer.internalPort(), token)));
      FleetloopOperator operator =
          FleetloopOperator.start(operatorClient, settings, trainingSettings);
      return new ControlPlane(
          operator,
          operatorClient,
          auditService,
          auditServer,
          token,
          release,
          releaseDevices,
          serviceToken);
    } catch (IOException e) {
      closeQuietly(release, auditServer, auditService, operatorClient);
      throw new UncheckedIOException(
          "cannot serve the audit log on 127.0.0.1:"
              + auditPort
              + " (use --audit-port to choose another port)",
          e);
    } catch (RuntimeException e) {
      closeQuietly(release, auditServer, auditService, operatorClient);
      throw e;
    }
  }

  /** The audit query endpoint ({@code fleetloop audit --endpoint}), if the audit log runs. */
  Optional<String> auditQueryEndpoint() {
    return auditServer == null
        ? Optional.empty()
        : Optional.of("127.0.0.1:" + auditServer.publicPort());
  }

  /** Where services append to the audit log (internal port, this run's token), if it runs. */
  Optional<LocalFleet.AuditTarget> auditAppendTarget() {
    return auditServer == null
        ? Optional.empty()
        : Optional.of(
            new LocalFleet.AuditTarget("127.0.0.1:" + auditServer.internalPort(), appendToken));
  }

  /** The release channel's {@code host:port}. */
  String releaseTarget() {
    return release.target();
  }

  /** This run's service token of the release channel (ReleaseStats, TriggerStats). */
  String serviceToken() {
    return serviceToken;
  }

  /** The devices the release channel accepts (the simulated fleet registers its keys here). */
  DeviceRegistry releaseDevices() {
    return releaseDevices;
  }

  Optional<String> operatorHttpAddress() {
    return operator.httpAddress().map(Object::toString);
  }

  @Override
  public void close() {
    try {
      operator.close();
    } finally {
      closeQuietly(release, auditServer, auditService, operatorClient);
    }
  }

  private static String newToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static void closeQuietly(AutoCloseable... closeables) {
    for (AutoCloseable c : closeables) {
      if (c == null) {
        continue;
      }
      try {
        c.close();
      } catch (Exception e) {
        System.err.println("fleetloop: while stopping " + c.getClass().getSimpleName() + ": " + e);
      }
    }
  }
}
