package io.fleetloop.audit.app;

import java.time.Duration;
import java.util.Map;

/**
 * How the audit service runs.
 *
 * @param jdbcUrl any PostgreSQL ({@code jdbc:postgresql://host:port/db})
 * @param schema the schema holding the event store and projections (created if missing)
 * @param publicPort gRPC port of the query service (0: any free port; -1: none)
 * @param internalPort gRPC port of the append service (same as publicPort: one server for both)
 * @param appendToken bearer token the append service requires, or null for none
 * @param poolSize database connections
 * @param aggregateCacheSize aggregates kept in memory per type
 * @param projectionBatchSize events the lineage projection applies per transaction
 * @param projections false to run without the lineage projection (an append-only replica, or a
 *     benchmark of the append path alone)
 */
public record AuditConfig(
    String jdbcUrl,
    String user,
    String password,
    String schema,
    int publicPort,
    int internalPort,
    String appendToken,
    int poolSize,
    int aggregateCacheSize,
    int projectionBatchSize,
    boolean projections) {

  public static final int DEFAULT_PORT = 7443;

  /** Defaults for a database: schema {@code audit}, no gRPC servers. */
  public static AuditConfig forDatabase(String jdbcUrl, String user, String password) {
    return new AuditConfig(jdbcUrl, user, password, "audit", -1, -1, null, 8, 10_000, 500, true);
  }

  public AuditConfig withSchema(String schema) {
    return new AuditConfig(
        jdbcUrl,
        user,
        password,
        schema,
        publicPort,
        internalPort,
        appendToken,
        poolSize,
        aggregateCacheSize,
        projectionBatchSize,
        projections);
  }

  public AuditConfig withPorts(int publicPort, int internalPort) {
    return new AuditConfig(
        jdbcUrl,
        user,
        password,
        schema,
        publicPort,
        internalPort,
        appendToken,
        poolSize,
        aggregateCacheSize,
        projectionBatchSize,
        projections);
  }

  public AuditConfig withAppendToken(String token) {
    return new AuditConfig(
        jdbcUrl,
        user,
        password,
        schema,
        publicPort,
        internalPort,
        token,
        poolSize,
        aggregateCacheSize,
        projectionBatchSize,
        projections);
  }

  public AuditConfig withProjections(boolean enabled) {
    return new AuditConfig(
        jdbcUrl,
        user,
        password,
        schema,
        publicPort,
        internalPort,
        appendToken,
        poolSize,
        aggregateCacheSize,
        projectionBatchSize,
        enabled);
  }

  /** Reads {@code FLEETLOOP_AUDIT_*} settings over the given defaults. */
  public static AuditConfig fromEnvironment(Map<String, String> env, AuditConfig defaults) {
    return new AuditConfig(
        env.getOrDefault("FLEETLOOP_AUDIT_JDBC_URL", defaults.jdbcUrl()),
        env.getOrDefault("FLEETLOOP_AUDIT_DB_USER", defaults.user()),
        env.getOrDefault("FLEETLOOP_AUDIT_DB_PASSWORD", defaults.password()),
        env.getOrDefault("FLEETLOOP_AUDIT_SCHEMA", defaults.schema()),
        Integer.parseInt(
            env.getOrDefault("FLEETLOOP_AUDIT_PORT", Integer.toString(defaults.publicPort()))),
        Integer.parseInt(
            env.getOrDefault(
                "FLEETLOOP_AUDIT_INTERNAL_PORT", Integer.toString(defaults.internalPort()))),
        env.getOrDefault("FLEETLOOP_AUDIT_APPEND_TOKEN", defaults.appendToken()),
        Integer.parseInt(
            env.getOrDefault("FLEETLOOP_AUDIT_DB_POOL", Integer.toString(defaults.poolSize()))),
        defaults.aggregateCacheSize(),
        defaults.projectionBatchSize(),
        !"false".equals(env.get("FLEETLOOP_AUDIT_PROJECTIONS")) && defaults.projections());
  }

  /** How long a projection catch-up wait may last by default. */
  public static final Duration PROJECTION_WAIT = Duration.ofSeconds(30);
}
