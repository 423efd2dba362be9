package io.fleetloop.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetloop.audit.app.AuditConfig;
import io.fleetloop.audit.app.AuditService;
import io.fleetloop.audit.grpc.AuditServer;
import io.fleetloop.local.PostgresComponent;
import io.fleetloop.operator.FleetloopOperator;
import io.fleetloop.operator.OperatorSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The control plane of {@code fleetloop up}, in this JVM: the audit service (on the stack's
 * PostgreSQL, database {@value #AUDIT_DATABASE}) and the operator, which records every condition
 * transition into it. Closed in reverse order: operator, audit server, audit service.
 */
final class ControlPlane implements AutoCloseable {

  static final String AUDIT_DATABASE = "fleetloop_audit";

  private final FleetloopOperator operator;
  private final KubernetesClient operatorClient;
  private final AuditService auditService;
  private final AuditServer auditServer;

  private ControlPlane(
      FleetloopOperator operator,
      KubernetesClient operatorClient,
      AuditService auditService,
      AuditServer auditServer) {
    this.operator = operator;
    this.operatorClient = operatorClient;
    this.auditService = auditService;
    this.auditServer = auditServer;
  }

  /**
   * Starts the audit service when PostgreSQL runs (query port {@code auditPort}, append port {@code
   * auditPort + 1}, a fresh append token per run), then the operator.
   */
  static ControlPlane start(
      KubernetesClient operatorClient, Optional<PostgresComponent> postgres, int auditPort) {
    AuditService auditService = null;
    AuditServer auditServer = null;
    OperatorSettings settings = OperatorSettings.local();
    try {
      if (postgres.isPresent()) {
        PostgresComponent pg = postgres.get();
        String token = newToken();
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
      FleetloopOperator operator = FleetloopOperator.start(operatorClient, settings);
      return new ControlPlane(operator, operatorClient, auditService, auditServer);
    } catch (IOException e) {
      closeQuietly(auditServer, auditService, operatorClient);
      throw new UncheckedIOException(
          "cannot serve the audit log on 127.0.0.1:"
              + auditPort
              + " (use --audit-port to choose another port)",
          e);
    } catch (RuntimeException e) {
      closeQuietly(auditServer, auditService, operatorClient);
      throw e;
    }
  }

  /** The audit query endpoint ({@code fleetloop audit --endpoint}), if the audit log runs. */
  Optional<String> auditQueryEndpoint() {
    return auditServer == null
        ? Optional.empty()
        : Optional.of("127.0.0.1:" + auditServer.publicPort());
  }

  Optional<String> operatorHttpAddress() {
    return operator.httpAddress().map(Object::toString);
  }

  @Override
  public void close() {
    try {
      operator.close();
    } finally {
      closeQuietly(auditServer, auditService, operatorClient);
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
