package io.fleetloop.audit.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and migrates the event store's schema at startup; nobody runs SQL by hand. Migrations are
 * numbered SQL resources applied once each, in order, in their own transaction, under an advisory
 * lock so that replicas starting together do not race. The checksum of every applied migration is
 * kept: a migration edited after it ran stops the service instead of drifting.
 *
 * <p>The projections' tables are not migrated: they are disposable and rebuilt by replay when their
 * version changes (see {@code LineageProjection}).
 */
public final class AuditSchema {

  private static final Logger LOG = LoggerFactory.getLogger(AuditSchema.class);
  private static final long MIGRATION_LOCK = 0x464C4153L;

  /** The migrations, in order. Append only; never edit one that shipped. */
  static final List<String> MIGRATIONS = List.of("V1__event_store.sql");

  private AuditSchema() {}

  /** Creates {@code schema} if needed and applies the missing migrations in it. */
  public static void migrate(DataSource dataSource, String schema) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
        s.execute("SET search_path TO " + quote(schema));
        s.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
      }
      try {
        try (Statement s = c.createStatement()) {
          s.execute(
              "CREATE TABLE IF NOT EXISTS audit_schema_version (version INTEGER PRIMARY KEY,"
                  + " script VARCHAR(255) NOT NULL, checksum VARCHAR(64) NOT NULL,"
                  + " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
        }
        Map<Integer, String> applied = new HashMap<>();
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT version, checksum FROM audit_schema_version")) {
          while (rs.next()) {
            applied.put(rs.getInt(1), rs.getString(2));
          }
        }
        for (int i = 0; i < MIGRATIONS.size(); i++) {
          int version = i + 1;
          String script = MIGRATIONS.get(i);
          String sql = load(script);
          String checksum = EventHasher.hex(sha256(sql));
          String recorded = applied.get(version);
          if (recorded != null) {
            if (!recorded.equals(checksum)) {
              throw new StoreException(
                  "migration " + script + " changed after it was applied in schema " + schema,
                  null);
            }
            continue;
          }
          c.setAutoCommit(false);
          try (Statement s = c.createStatement();
              PreparedStatement record =
                  c.prepareStatement(
                      "INSERT INTO audit_schema_version (version, script, checksum)"
                          + " VALUES (?,?,?)")) {
            s.execute(sql);
            record.setInt(1, version);
            record.setString(2, script);
            record.setString(3, checksum);
            record.executeUpdate();
            c.commit();
            LOG.info("applied {} in schema {}", script, schema);
          } catch (SQLException e) {
            c.rollback();
            throw e;
          } finally {
            c.setAutoCommit(true);
          }
        }
      } finally {
        try (Statement s = c.createStatement()) {
          s.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
        }
      }
    } catch (SQLException e) {
      throw new StoreException("schema migration failed: " + e.getMessage(), e);
    }
  }

  /** Quotes an SQL identifier. */
  public static String quote(String identifier) {
    if (!identifier.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("not a plain schema name: " + identifier);
    }
    return "\"" + identifier + "\"";
  }

  private static String load(String script) {
    try (InputStream in =
        AuditSchema.class.getResourceAsStream("/io/fleetloop/audit/db/" + script)) {
      if (in == null) {
        throw new IllegalStateException("missing migration " + script);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(String s) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
