package io.fleetloop.local;

import io.fleetloop.local.process.ProcessRef;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * PostgreSQL 17 from the embedded binaries (zonky), on a free loopback port.
 *
 * <p>{@code pg_ctl} daemonizes the postmaster, so it is not a child of this JVM and would survive a
 * SIGKILL of it: its pid (from {@code postmaster.pid}) is therefore recorded in the state file, and
 * {@code fleetloop down} or the next start stops it. As root, the binaries run in a user namespace
 * ({@code unshare -U}) as nobody. Files in {@code <dataDir>}: {@code pgdata/} (the cluster; kept
 * between starts when persistent), {@code postgres.log}.
 */
public final class PostgresComponent implements Component {

  public static final String USER = "postgres";

  /** Authentication is {@code trust} on loopback: any password is accepted. */
  public static final String PASSWORD = "postgres";

  /** The database created for the platform itself. */
  public static final String DATABASE = "fleetloop";

  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final Path dataDir;
  private final boolean persistent;
  private volatile EmbeddedPostgres postgres;
  private volatile ProcessRef postmaster;

  /**
   * @param dataDir holds {@code pgdata/} and the log
   * @param persistent keep the cluster between starts and fsync; otherwise a fresh cluster with
   *     fsync off
   */
  public PostgresComponent(Path dataDir, boolean persistent) {
    this.dataDir = dataDir;
    this.persistent = persistent;
  }

  @Override
  public ComponentKind kind() {
    return ComponentKind.POSTGRES;
  }

  /** Synchronous: returns once the server accepts connections. */
  @Override
  public void start() throws IOException {
    Files.createDirectories(dataDir);
    Path pgdata = dataDir.resolve("pgdata");
    stopOrphanedPostmaster(pgdata);
    Path log = dataDir.resolve("postgres.log");
    ProcessBuilder.Redirect redirect = ProcessBuilder.Redirect.appendTo(log.toFile());
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setPort(Ports.freeLoopbackPort())
            .setDataDirectory(pgdata)
            .setCleanDataDirectory(!persistent)
            .setRegisterShutdownHook(false)
            .setOutputRedirector(redirect)
            .setErrorRedirector(redirect)
            .setPGStartupWait(java.time.Duration.ofSeconds(30))
            .setServerConfig("listen_addresses", Ports.LOOPBACK)
            .setServerConfig("max_connections", "200")
            .setServerConfig("shared_buffers", "64MB");
    if (!persistent) {
      builder
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("full_page_writes", "off");
    }
    try {
      postgres = builder.start();
    } catch (IOException | RuntimeException e) {
      throw new ComponentStartException(
          "postgres failed to start: " + e.getMessage() + "\n" + diagnostics(), e);
    }
    postmaster =
        readPostmasterPid(pgdata).flatMap(pid -> ProcessRef.of(pid, "postgres")).orElse(null);
    createDatabase(DATABASE);
  }

  /**
   * A postmaster left running on this data directory by a killed launcher holds the directory: stop
   * it before starting a new one.
   */
  static void stopOrphanedPostmaster(Path pgdata) {
    readPostmasterPid(pgdata)
        .flatMap(pid -> ProcessRef.of(pid, "postgres"))
        .filter(ref -> ProcessHandle.of(ref.pid()).map(PostgresComponent::isPostgres).orElse(false))
        .ifPresent(ref -> ref.stop("INT", java.time.Duration.ofSeconds(10)));
  }

  static boolean isPostgres(ProcessHandle handle) {
    return handle.info().command().map(c -> c.endsWith("/postgres")).orElse(false);
  }

  /** The first line of {@code <pgdata>/postmaster.pid}: the postmaster's pid, if any. */
  static Optional<Long> readPostmasterPid(Path pgdata) {
    Path file = pgdata.resolve("postmaster.pid");
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean isReady() {
    if (postgres == null) {
      return false;
    }
    try (Connection c = connect("postgres");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select 1")) {
      return rs.next();
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public Optional<String> problem() {
    return postmaster != null && !postmaster.alive()
        ? Optional.of("postmaster " + postmaster.pid() + " exited")
        : Optional.empty();
  }

  @Override
  public String diagnostics() {
    return io.fleetloop.local.process.LogTail.of(dataDir.resolve("postgres.log"), 30);
  }

  @Override
  public Optional<Path> logFile() {
    return Optional.of(dataDir.resolve("postgres.log"));
  }

  public int port() {
    return postgres.getPort();
  }

  /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>} */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + Ports.LOOPBACK + ":" + port() + "/" + database;
  }

  /** The JDBC URL of the {@value #DATABASE} database. */
  public String jdbcUrl() {
    return jdbcUrl(DATABASE);
  }

  public String user() {
    return USER;
  }

  public String password() {
    return PASSWORD;
  }

  /** A new connection to {@code database}; the caller closes it. */
  public Connection connect(String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", USER);
    props.setProperty("password", PASSWORD);
    props.setProperty("connectTimeout", "5");
    props.setProperty("socketTimeout", "60");
    return DriverManager.getConnection(jdbcUrl(database), props);
  }

  /**
   * Creates {@code name} if it does not exist (e.g. one database per test class) and returns its
   * JDBC URL.
   */
  public String createDatabase(String name) {
    if (!DATABASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a plain database name: " + name);
    }
    try (Connection c = connect("postgres");
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
        if (!rs.next()) {
          s.execute("create database " + name);
        }
      }
      return jdbcUrl(name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String endpoint() {
    return jdbcUrl();
  }

  @Override
  public Map<String, String> endpoints() {
    Map<String, String> endpoints = new LinkedHashMap<>();
    endpoints.put("jdbcUrl", jdbcUrl());
    endpoints.put("user", USER);
    endpoints.put("password", PASSWORD);
    endpoints.put("dataDirectory", dataDir.resolve("pgdata").toString());
    return endpoints;
  }

  @Override
  public List<ProcessRef> processes() {
    return postmaster == null ? List.of() : List.of(postmaster);
  }

  @Override
  public void stop() {
    EmbeddedPostgres pg = postgres;
    postgres = null;
    if (pg != null) {
      try {
        pg.close(); // pg_ctl stop (fast)
      } catch (IOException e) {
        // fall through to the signal below
      }
    }
    if (postmaster != null && postmaster.alive()) {
      postmaster.stop("INT", java.time.Duration.ofSeconds(10));
    }
  }
}
