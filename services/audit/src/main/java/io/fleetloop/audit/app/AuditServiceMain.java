package io.fleetloop.audit.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.audit.api.AuditJson;
import io.fleetloop.audit.grpc.AuditServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the audit service.
 *
 * <pre>
 * java io.fleetloop.audit.app.AuditServiceMain [--jdbc-url URL] [--user U] [--password P]
 *     [--schema audit] [--host 0.0.0.0] [--port 7443] [--internal-port 7444]
 *     [--append-token T] [--local-stack DIR]
 * </pre>
 *
 * Each flag can also come from the environment ({@code FLEETLOOP_AUDIT_JDBC_URL}, {@code
 * FLEETLOOP_AUDIT_DB_USER}, {@code FLEETLOOP_AUDIT_DB_PASSWORD}, {@code FLEETLOOP_AUDIT_SCHEMA},
 * {@code FLEETLOOP_AUDIT_PORT}, {@code FLEETLOOP_AUDIT_INTERNAL_PORT}, {@code
 * FLEETLOOP_AUDIT_APPEND_TOKEN}). Without a JDBC URL it uses the PostgreSQL of the local stack
 * ({@code state.json} in {@code --local-stack}, {@code FLEETLOOP_LOCAL_DIR} or {@code
 * <checkout>/.fleetloop}, where {@code fleetloop up} keeps it).
 */
public final class AuditServiceMain {

  private AuditServiceMain() {}

  /**
   * The service's logging setup. Not named logback.xml, so that a process embedding the audit
   * service (the {@code fleetloop} CLI, tests) keeps its own.
   */
  static final String LOGBACK_CONFIG = "fleetloop-audit-logback.xml";

  public static void main(String[] args) throws Exception {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
    }
    Map<String, String> flags = parse(args);
    Map<String, String> env = new HashMap<>(System.getenv());
    AuditConfig config =
        AuditConfig.fromEnvironment(
            env,
            AuditConfig.forDatabase(null, "postgres", "postgres")
                .withPorts(AuditConfig.DEFAULT_PORT, AuditConfig.DEFAULT_PORT + 1));
    String jdbcUrl = flags.getOrDefault("jdbc-url", config.jdbcUrl());
    if (jdbcUrl == null) {
      Path dir =
          Path.of(
              flags.getOrDefault(
                  "local-stack",
                  env.getOrDefault(
                      "FLEETLOOP_LOCAL_DIR",
                      Path.of(System.getProperty("fleetloop.home", "."), ".fleetloop")
                          .toString())));
      jdbcUrl = localStackJdbcUrl(dir);
    }
    int port = Integer.parseInt(flags.getOrDefault("port", Integer.toString(config.publicPort())));
    int internalPort =
        Integer.parseInt(
            flags.getOrDefault("internal-port", Integer.toString(config.internalPort())));
    AuditConfig effective =
        new AuditConfig(
            jdbcUrl,
            flags.getOrDefault("user", config.user()),
            flags.getOrDefault("password", config.password()),
            flags.getOrDefault("schema", config.schema()),
            port,
            internalPort,
            flags.getOrDefault("append-token", config.appendToken()),
            config.poolSize(),
            config.aggregateCacheSize(),
            config.projectionBatchSize(),
            config.projections());
    AuditService service = AuditService.start(effective);
    AuditServer server =
        AuditServer.start(
            service,
            flags.getOrDefault("host", "0.0.0.0"),
            effective.publicPort(),
            effective.internalPort(),
            effective.appendToken());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  service.close();
                },
                "audit-shutdown"));
    System.out.println(
        "audit service listening: public="
            + server.publicPort()
            + " internal="
            + server.internalPort());
    System.out.flush();
    server.awaitTermination();
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + a);
      }
      String name = a.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
      flags.put(name, value);
    }
    return flags;
  }

  static String localStackJdbcUrl(Path dir) throws IOException {
    Path state = dir.resolve("state.json");
    if (!Files.exists(state)) {
      throw new IllegalStateException(
          "no --jdbc-url and no local stack at "
              + dir
              + " (run `fleetloop up`, or set FLEETLOOP_AUDIT_JDBC_URL)");
    }
    JsonNode url =
        AuditJson.mapper()
            .readTree(state.toFile())
            .path("components")
            .path("postgres")
            .path("endpoints")
            .path("jdbcUrl");
    if (url.isMissingNode() || url.asText().isEmpty()) {
      throw new IllegalStateException("the local stack at " + dir + " runs no PostgreSQL");
    }
    return url.asText();
  }
}
