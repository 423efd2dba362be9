package io.fleetloop.audit.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The lineage projection's tables. They are disposable: derived from the log, dropped and rebuilt
 * by replay whenever {@link #VERSION} changes (or on demand), never migrated.
 */
public final class LineageTables {

  /** Bump when the tables or what the handlers write changes: the next start rebuilds them. */
  public static final int VERSION = 1;

  static final String[] TABLES = {
    "lineage_clip",
    "lineage_dataset",
    "lineage_dataset_clip",
    "lineage_dataset_trigger",
    "lineage_run",
    "lineage_run_phase",
    "lineage_release",
    "lineage_cohort",
    "lineage_decision"
  };

  private static final String DDL =
      """
      CREATE TABLE IF NOT EXISTS lineage_clip (
        clip_id VARCHAR(255) PRIMARY KEY, device_id VARCHAR(255), trigger_id VARCHAR(255),
        trigger_generation BIGINT, model_version VARCHAR(255), digest VARCHAR(80), bytes BIGINT,
        captured_at TIMESTAMPTZ, ingested_at TIMESTAMPTZ, global_index BIGINT NOT NULL);
      CREATE TABLE IF NOT EXISTS lineage_dataset (
        dataset_id VARCHAR(255) PRIMARY KEY, manifest_uri TEXT, manifest_digest VARCHAR(80),
        clip_count BIGINT NOT NULL, cut_at TIMESTAMPTZ, global_index BIGINT NOT NULL);
      CREATE TABLE IF NOT EXISTS lineage_dataset_clip (
        dataset_id VARCHAR(255) NOT NULL, clip_id VARCHAR(255) NOT NULL,
        PRIMARY KEY (dataset_id, clip_id));
      CREATE INDEX IF NOT EXISTS lineage_dataset_clip_by_clip ON lineage_dataset_clip (clip_id);
      CREATE TABLE IF NOT EXISTS lineage_dataset_trigger (
        dataset_id VARCHAR(255) NOT NULL, trigger_id VARCHAR(255) NOT NULL, clips BIGINT NOT NULL,
        PRIMARY KEY (dataset_id, trigger_id));
      CREATE TABLE IF NOT EXISTS lineage_run (
        run_id VARCHAR(255) NOT NULL, uid VARCHAR(255) NOT NULL, current BOOLEAN NOT NULL,
        model VARCHAR(255), base_version VARCHAR(255), dataset_id VARCHAR(255),
        model_version VARCHAR(255), artifact TEXT, digest VARCHAR(80), validation VARCHAR(32),
        outcome VARCHAR(32) NOT NULL, admitted_at TIMESTAMPTZ, global_index BIGINT NOT NULL,
        PRIMARY KEY (run_id, uid));
      CREATE INDEX IF NOT EXISTS lineage_run_by_model ON lineage_run (model_version);
      CREATE INDEX IF NOT EXISTS lineage_run_by_dataset ON lineage_run (dataset_id);
      CREATE TABLE IF NOT EXISTS lineage_run_phase (
        run_id VARCHAR(255) NOT NULL, uid VARCHAR(255) NOT NULL, ordinal INTEGER NOT NULL,
        phase VARCHAR(255) NOT NULL, pool VARCHAR(255), precision VARCHAR(32),
        succeeded BOOLEAN, metrics TEXT, started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ,
        PRIMARY KEY (run_id, uid, phase));
      CREATE TABLE IF NOT EXISTS lineage_release (
        release_id VARCHAR(255) PRIMARY KEY, stable_version VARCHAR(255),
        candidate_version VARCHAR(255), stage INTEGER NOT NULL, state VARCHAR(32) NOT NULL,
        paused BOOLEAN NOT NULL);
      CREATE TABLE IF NOT EXISTS lineage_cohort (
        release_id VARCHAR(255) NOT NULL, global_index BIGINT NOT NULL,
        model_version VARCHAR(255) NOT NULL, role VARCHAR(16) NOT NULL, stage INTEGER NOT NULL,
        cohort VARCHAR(255), percent INTEGER NOT NULL, devices BIGINT NOT NULL,
        since TIMESTAMPTZ NOT NULL, until TIMESTAMPTZ, outcome VARCHAR(32),
        PRIMARY KEY (release_id, global_index, role));
      CREATE INDEX IF NOT EXISTS lineage_cohort_by_model ON lineage_cohort (model_version);
      CREATE TABLE IF NOT EXISTS lineage_decision (
        release_id VARCHAR(255) NOT NULL, global_index BIGINT NOT NULL, at TIMESTAMPTZ NOT NULL,
        event VARCHAR(64) NOT NULL, version VARCHAR(255), from_stage INTEGER, to_stage INTEGER,
        measured TEXT, rule TEXT, reason TEXT, PRIMARY KEY (release_id, global_index));
      CREATE TABLE IF NOT EXISTS lineage_projection_version (
        id INTEGER PRIMARY KEY, version INTEGER NOT NULL);
      """;

  private LineageTables() {}

  /** Creates the tables that are missing. */
  static void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(DDL);
    }
  }

  /** Drops every projection table and creates them empty. */
  static void recreate(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String table : TABLES) {
        s.execute("DROP TABLE IF EXISTS " + table);
      }
    }
    create(c);
  }

  /** The version the tables were built with, or -1 when they were never built. */
  static int builtVersion(Connection c) throws SQLException {
    create(c);
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version FROM lineage_projection_version")) {
      return rs.next() ? rs.getInt(1) : -1;
    }
  }

  static void markBuilt(Connection c, int version) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO lineage_projection_version (id, version) VALUES (1, ?)"
                + " ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version")) {
      ps.setInt(1, version);
      ps.executeUpdate();
    }
  }
}
