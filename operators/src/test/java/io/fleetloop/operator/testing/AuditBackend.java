package io.fleetloop.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fleetloop.audit.api.query.TimelineEntry;
import io.fleetloop.audit.app.AuditConfig;
import io.fleetloop.audit.app.AuditService;
import io.fleetloop.audit.client.AuditClient;
import io.fleetloop.audit.grpc.AuditServer;
import io.fleetloop.local.ComponentKind;
import io.fleetloop.local.LocalStack;
import io.fleetloop.local.PostgresComponent;
import java.io.IOException;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real audit service for one test class: {@link AuditService} on a database of its own on the
 * local stack's PostgreSQL, served by {@link AuditServer} over loopback gRPC — the query service
 * and the append service (behind a bearer token) on two ports, as in a cluster. It can be stopped
 * and started again on the same ports and database (an outage).
 *
 * <pre>{@code
 * @RegisterExtension @Order(1) static final AuditBackend audit = new AuditBackend("my_it");
 * @RegisterExtension @Order(2) static final OperatorEnvironment env =
 *     new OperatorEnvironment(s -> s.withAudit(audit.appendEndpoint(), audit.appendToken()));
 * }</pre>
 */
public final class AuditBackend implements BeforeAllCallback, AfterAllCallback {

  private static final String TOKEN = "operator-it-append-token";

  private final String database;
  private AuditConfig config;
  private AuditService service;
  private AuditServer server;
  private int queryPort;
  private int appendPort;
  private AuditClient query;

  /**
   * @param database a plain PostgreSQL database name, emptied before the class runs
   */
  public AuditBackend(String database) {
    this.database = database;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    PostgresComponent pg = LocalStack.shared(ComponentKind.POSTGRES).postgres();
    String url = pg.createDatabase(database);
    try (Connection c = pg.connect(database);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS audit CASCADE");
    }
    config = AuditConfig.forDatabase(url, pg.user(), pg.password());
    service = AuditService.start(config);
    server = AuditServer.start(service, "127.0.0.1", 0, 0, TOKEN);
    queryPort = server.publicPort();
    appendPort = server.internalPort();
    query = AuditClient.connect("127.0.0.1:" + queryPort);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (query != null) {
      query.close();
    }
    stop();
  }

  /** {@code host:port} of the append service (what the operator is given). */
  public String appendEndpoint() {
    return "127.0.0.1:" + appendPort;
  }

  /** The append service's bearer token. */
  public String appendToken() {
    return TOKEN;
  }

  /** A client of the public query service (no token), shared: do not close. */
  public AuditClient query() {
    return query;
  }

  /** The stream's history through the public query API, oldest first. */
  public List<TimelineEntry> timeline(String streamId) {
    return query.timeline(streamId);
  }

  /** Stops serving and the service (an outage); the data stays in PostgreSQL. */
  public synchronized void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
    if (service != null) {
      service.close();
      service = null;
    }
  }

  /** Starts the service again on the same database and ports. */
  public synchronized void start() throws IOException, InterruptedException {
    if (server != null) {
      return;
    }
    service = AuditService.start(config);
    try {
      // the ports may take a moment to be free again
      await("audit server listening again on " + queryPort + "/" + appendPort)
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(200))
          .ignoreException(IOException.class)
          .until(
              () -> {
                server = AuditServer.start(service, "127.0.0.1", queryPort, appendPort, TOKEN);
                return true;
              });
    } catch (RuntimeException e) {
      service.close();
      service = null;
      throw e;
    }
  }
}
