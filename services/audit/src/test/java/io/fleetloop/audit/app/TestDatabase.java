package io.fleetloop.audit.app;

import io.fleetloop.local.ComponentKind;
import io.fleetloop.local.LocalStack;
import io.fleetloop.local.PostgresComponent;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A database of its own per test class on the harness's real PostgreSQL. */
final class TestDatabase {

  private TestDatabase() {}

  static PostgresComponent postgres() {
    return LocalStack.shared(ComponentKind.POSTGRES).postgres();
  }

  /** A fresh (emptied) database named {@code name}; its audit config with the default schema. */
  static AuditConfig fresh(String name) {
    PostgresComponent pg = postgres();
    String url = pg.createDatabase(name);
    exec(name, "DROP SCHEMA IF EXISTS audit CASCADE");
    return AuditConfig.forDatabase(url, pg.user(), pg.password());
  }

  /** Runs SQL directly against the database, bypassing the service (as an intruder would). */
  static int exec(String database, String sql) {
    try (Connection c = postgres().connect(database);
        Statement s = c.createStatement()) {
      s.execute("SET search_path TO audit, public");
      return s.executeUpdate(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  static long count(String database, String sql) {
    try (Connection c = postgres().connect(database);
        Statement s = c.createStatement()) {
      s.execute("SET search_path TO audit, public");
      try (var rs = s.executeQuery(sql)) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
