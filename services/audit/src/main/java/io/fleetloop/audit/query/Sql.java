package io.fleetloop.audit.query;

import io.fleetloop.audit.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.common.jdbc.ConnectionProvider;

/** Tiny JDBC helpers over Axon's connection provider (the transaction's connection if any). */
final class Sql {

  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private final ConnectionProvider connections;

  Sql(ConnectionProvider connections) {
    this.connections = connections;
  }

  int update(String sql, Object... args) {
    try (Connection c = connections.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("projection update failed: " + e.getMessage(), e);
    }
  }

  void batch(String sql, List<Object[]> rows) {
    if (rows.isEmpty()) {
      return;
    }
    try (Connection c = connections.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (Object[] row : rows) {
        bind(ps, row);
        ps.addBatch();
      }
      ps.executeBatch();
    } catch (SQLException e) {
      throw new StoreException("projection update failed: " + e.getMessage(), e);
    }
  }

  <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
    try (Connection c = connections.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      List<T> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(mapper.map(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("projection query failed: " + e.getMessage(), e);
    }
  }

  <T> T one(String sql, RowMapper<T> mapper, Object... args) {
    List<T> rows = query(sql, mapper, args);
    return rows.isEmpty() ? null : rows.get(0);
  }

  static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  static Integer intOrNull(ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }

  private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
  }
}
