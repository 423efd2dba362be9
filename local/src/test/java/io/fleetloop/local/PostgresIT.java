package io.fleetloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The database of the local stack is a real PostgreSQL 17, reached over JDBC. */
class PostgresIT {

  private static PostgresComponent postgres;
  private static String jdbcUrl;

  @BeforeAll
  static void startPostgres() {
    postgres = LocalStack.shared(ComponentKind.POSTGRES).postgres();
    jdbcUrl = postgres.createDatabase("postgres_it");
  }

  @Test
  void rowsWrittenAreReadBack() throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl, postgres.user(), postgres.password());
        Statement s = c.createStatement()) {
      s.execute(
          "create table events (seq bigserial primary key, type text not null, payload jsonb)");
      try (PreparedStatement insert =
          c.prepareStatement("insert into events (type, payload) values (?, ?::jsonb)")) {
        insert.setString(1, "ClipIngested");
        insert.setString(2, "{\"clip\":\"c-1\",\"bytes\":1024}");
        insert.executeUpdate();
      }
      try (ResultSet rs = s.executeQuery("select type, payload->>'clip', version() from events")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("ClipIngested");
        assertThat(rs.getString(2)).isEqualTo("c-1");
        assertThat(rs.getString(3)).startsWith("PostgreSQL 17");
      }
    }
  }

  @Test
  void theDefaultDatabaseExists() throws Exception {
    try (Connection c = postgres.connect(PostgresComponent.DATABASE);
        ResultSet rs = c.createStatement().executeQuery("select current_database()")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(PostgresComponent.DATABASE);
    }
  }
}
