package io.fleetloop.audit.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fleetloop.audit.api.AuditJson;
import io.fleetloop.audit.api.event.ClipsIngested;
import io.fleetloop.audit.api.event.DatasetSnapshotCut;
import io.fleetloop.audit.api.event.IngestedClip;
import io.fleetloop.audit.api.event.Measurement;
import io.fleetloop.audit.api.event.ModelProduced;
import io.fleetloop.audit.api.event.ModelValidated;
import io.fleetloop.audit.api.event.ModelValidationFailed;
import io.fleetloop.audit.api.event.ReleaseFrozen;
import io.fleetloop.audit.api.event.ReleasePaused;
import io.fleetloop.audit.api.event.ReleasePromoted;
import io.fleetloop.audit.api.event.ReleaseResumed;
import io.fleetloop.audit.api.event.ReleaseRolledBack;
import io.fleetloop.audit.api.event.ShadowStarted;
import io.fleetloop.audit.api.event.StageAdvanced;
import io.fleetloop.audit.api.event.TrainingDatasetBound;
import io.fleetloop.audit.api.event.TrainingPhaseFinished;
import io.fleetloop.audit.api.event.TrainingPhaseStarted;
import io.fleetloop.audit.api.event.TrainingRunAdmitted;
import io.fleetloop.audit.api.event.TrainingRunFailed;
import io.fleetloop.audit.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * The lineage projection: clips → datasets → runs → models → release cohorts, and every release
 * decision with its measured values and rule, in PostgreSQL tables. Fed by a tracking processor
 * whose token commits in the same transaction as the rows, so each event is applied exactly once;
 * rebuilt from scratch by replay (reset drops and recreates the tables).
 */
@ProcessingGroup(LineageProjection.PROCESSING_GROUP)
public class LineageProjection {

  public static final String PROCESSING_GROUP = "lineage";

  private static final String CLIP_ROWS = LineageProjection.class.getName() + ".clipRows";

  private final ConnectionProvider connections;
  private final Sql sql;

  public LineageProjection(ConnectionProvider connections) {
    this.connections = connections;
    this.sql = new Sql(connections);
  }

  /**
   * Before the processor starts: creates the tables, and when they were built by another version of
   * this projection, drops them and its tracking token so that the processor replays the log.
   *
   * @return true when a replay was scheduled
   */
  public static boolean prepare(javax.sql.DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        boolean stale = LineageTables.builtVersion(c) != LineageTables.VERSION;
        if (stale) {
          LineageTables.recreate(c);
          try (var ps = c.prepareStatement("DELETE FROM token_entry WHERE processor_name = ?")) {
            ps.setString(1, PROCESSING_GROUP);
            ps.executeUpdate();
          }
          LineageTables.markBuilt(c, LineageTables.VERSION);
        }
        c.commit();
        return stale;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot prepare the lineage tables: " + e.getMessage(), e);
    }
  }

  @ResetHandler
  public void reset() {
    try (Connection c = connections.getConnection()) {
      LineageTables.recreate(c);
      LineageTables.markBuilt(c, LineageTables.VERSION);
    } catch (SQLException e) {
      throw new StoreException("cannot reset the lineage tables", e);
    }
  }

  // ---- device and dataset ----

  @EventHandler
  void on(ClipsIngested e, @Timestamp Instant at, TrackingToken token) {
    List<Object[]> rows = clipRows();
    for (IngestedClip c : e.clips()) {
      rows.add(
          new Object[] {
            c.clipId(),
            e.deviceId(),
            c.triggerId(),
            c.triggerGeneration(),
            c.modelVersion(),
            c.digest(),
            c.bytes(),
            Sql.ts(c.capturedAt()),
            Sql.ts(at),
            index(token)
          });
    }
    if (!CurrentUnitOfWork.isStarted()) {
      insertClips(rows);
    }
  }

  /**
   * The clip rows of the processor's current batch. Clips are the bulk of the log (one event per
   * device upload), so their rows are inserted in one statement batch when the batch's unit of work
   * prepares to commit (in its transaction, with the token) instead of one round trip per event.
   * Nothing else in this projection reads {@code lineage_clip} while a batch is applied, and {@code
   * ON CONFLICT DO NOTHING} keeps the first row of a clip, as applying the events one by one does.
   */
  private List<Object[]> clipRows() {
    if (!CurrentUnitOfWork.isStarted()) {
      return new ArrayList<>();
    }
    UnitOfWork<?> root = CurrentUnitOfWork.get().root();
    return root.getOrComputeResource(
        CLIP_ROWS,
        key -> {
          List<Object[]> rows = new ArrayList<>();
          root.onPrepareCommit(u -> insertClips(rows));
          return rows;
        });
  }

  private void insertClips(List<Object[]> rows) {
    sql.batch(
        "INSERT INTO lineage_clip (clip_id, device_id, trigger_id, trigger_generation,"
            + " model_version, digest, bytes, captured_at, ingested_at, global_index)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (clip_id) DO NOTHING",
        rows);
  }

  @EventHandler
  void on(DatasetSnapshotCut e, @Timestamp Instant at, TrackingToken token) {
    sql.update(
        "INSERT INTO lineage_dataset (dataset_id, manifest_uri, manifest_digest, clip_count,"
            + " cut_at, global_index) VALUES (?,?,?,?,?,?)",
        e.datasetId(),
        e.manifestUri(),
        e.manifestDigest(),
        e.clipCount(),
        Sql.ts(at),
        index(token));
    List<Object[]> clips = new ArrayList<>();
    e.clipIds().forEach(id -> clips.add(new Object[] {e.datasetId(), id}));
    sql.batch("INSERT INTO lineage_dataset_clip (dataset_id, clip_id) VALUES (?,?)", clips);
    List<Object[]> triggers = new ArrayList<>();
    e.triggerClips().forEach((t, n) -> triggers.add(new Object[] {e.datasetId(), t, n}));
    sql.batch(
        "INSERT INTO lineage_dataset_trigger (dataset_id, trigger_id, clips) VALUES (?,?,?)",
        triggers);
  }

  // ---- training ----

  @EventHandler
  void on(TrainingRunAdmitted e, @Timestamp Instant at, TrackingToken token) {
    sql.update("UPDATE lineage_run SET current = false WHERE run_id = ?", e.runId());
    sql.update(
        "INSERT INTO lineage_run (run_id, uid, current, model, base_version, dataset_id,"
            + " outcome, admitted_at, global_index) VALUES (?,?,true,?,?,?,'Running',?,?)",
        e.runId(),
        e.uid(),
        e.model(),
        e.baseVersion(),
        e.datasetId(),
        Sql.ts(at),
        index(token));
    for (int i = 0; i < e.phases().size(); i++) {
      sql.update(
          "INSERT INTO lineage_run_phase (run_id, uid, ordinal, phase) VALUES (?,?,?,?)",
          e.runId(),
          e.uid(),
          i,
          e.phases().get(i));
    }
  }

  @EventHandler
  void on(TrainingDatasetBound e) {
    sql.update(
        "UPDATE lineage_run SET dataset_id = ? WHERE run_id = ? AND current",
        e.datasetId(),
        e.runId());
  }

  @EventHandler
  void on(TrainingPhaseStarted e, @Timestamp Instant at) {
    sql.update(
        "UPDATE lineage_run_phase SET pool = ?, precision = ?, started_at = ?, succeeded = NULL,"
            + " finished_at = NULL, metrics = NULL WHERE run_id = ? AND phase = ?"
            + " AND uid = (SELECT uid FROM lineage_run WHERE run_id = ? AND current)",
        e.pool(),
        e.precision(),
        Sql.ts(at),
        e.runId(),
        e.phase(),
        e.runId());
  }

  @EventHandler
  void on(TrainingPhaseFinished e, @Timestamp Instant at) {
    sql.update(
        "UPDATE lineage_run_phase SET succeeded = ?, metrics = ?, finished_at = ?"
            + " WHERE run_id = ? AND phase = ?"
            + " AND uid = (SELECT uid FROM lineage_run WHERE run_id = ? AND current)",
        e.succeeded(),
        json(e.metrics()),
        Sql.ts(at),
        e.runId(),
        e.phase(),
        e.runId());
  }

  @EventHandler
  void on(ModelProduced e) {
    sql.update(
        "UPDATE lineage_run SET model_version = ?, artifact = ?, digest = ?, outcome = 'Produced'"
            + " WHERE run_id = ? AND current",
        e.modelVersion(),
        e.artifact(),
        e.digest(),
        e.runId());
  }

  @EventHandler
  void on(ModelValidated e) {
    sql.update(
        "UPDATE lineage_run SET validation = 'Validated' WHERE run_id = ? AND current", e.runId());
  }

  @EventHandler
  void on(ModelValidationFailed e) {
    sql.update(
        "UPDATE lineage_run SET validation = 'ValidationFailed' WHERE run_id = ? AND current",
        e.runId());
  }

  @EventHandler
  void on(TrainingRunFailed e) {
    sql.update("UPDATE lineage_run SET outcome = 'Failed' WHERE run_id = ? AND current", e.runId());
  }

  // ---- releases ----

  @EventHandler
  void on(ShadowStarted e, @Timestamp Instant at, TrackingToken token) {
    long index = index(token);
    sql.update(
        "INSERT INTO lineage_release (release_id, stable_version, candidate_version, stage,"
            + " state, paused) VALUES (?,?,?,0,'Shadow',false) ON CONFLICT (release_id) DO UPDATE"
            + " SET stable_version = EXCLUDED.stable_version, candidate_version ="
            + " EXCLUDED.candidate_version, stage = 0, state = 'Shadow', paused = false",
        e.releaseId(),
        e.stableVersion(),
        e.candidateVersion());
    if (e.stableVersion() != null
        && sql.one(
                "SELECT 1 FROM lineage_cohort WHERE release_id = ? AND role = 'Stable'"
                    + " AND until IS NULL",
                rs -> 1,
                e.releaseId())
            == null) {
      sql.update(
          "INSERT INTO lineage_cohort (release_id, global_index, model_version, role, stage,"
              + " cohort, percent, devices, since) VALUES (?,?,?,'Stable',-1,'fleet',100,0,?)",
          e.releaseId(),
          index,
          e.stableVersion(),
          Sql.ts(at));
    }
    sql.update(
        "INSERT INTO lineage_cohort (release_id, global_index, model_version, role, stage,"
            + " cohort, percent, devices, since) VALUES (?,?,?,'Shadow',0,?,?,?,?)",
        e.releaseId(),
        index,
        e.candidateVersion(),
        e.cohort().name(),
        e.cohort().percent(),
        e.cohort().devices(),
        Sql.ts(at));
    decision(
        e.releaseId(), index, at, "ShadowStarted", e.candidateVersion(), null, 0, null, null, null);
  }

  @EventHandler
  void on(StageAdvanced e, @Timestamp Instant at, TrackingToken token) {
    long index = index(token);
    closeCandidate(e.releaseId(), at, "Advanced");
    sql.update(
        "INSERT INTO lineage_cohort (release_id, global_index, model_version, role, stage,"
            + " cohort, percent, devices, since) VALUES (?,?,?,'Candidate',?,?,?,?,?)",
        e.releaseId(),
        index,
        e.candidateVersion(),
        e.toStage(),
        e.cohort().name(),
        e.cohort().percent(),
        e.cohort().devices(),
        Sql.ts(at));
    // upsert: a release without a shadow phase starts its candidate with this event
    sql.update(
        "INSERT INTO lineage_release (release_id, stable_version, candidate_version, stage,"
            + " state, paused) VALUES (?,NULL,?,?,'Rolling',false) ON CONFLICT (release_id) DO"
            + " UPDATE SET candidate_version = EXCLUDED.candidate_version, stage ="
            + " EXCLUDED.stage, state = 'Rolling'",
        e.releaseId(),
        e.candidateVersion(),
        e.toStage());
    decision(
        e.releaseId(),
        index,
        at,
        "StageAdvanced",
        e.candidateVersion(),
        e.fromStage(),
        e.toStage(),
        e.measured(),
        e.rule(),
        null);
  }

  @EventHandler
  void on(ReleasePaused e, @Timestamp Instant at, TrackingToken token) {
    sql.update(
        "UPDATE lineage_release SET paused = true, state = 'Paused' WHERE release_id = ?",
        e.releaseId());
    decision(
        e.releaseId(),
        index(token),
        at,
        "ReleasePaused",
        candidate(e.releaseId()),
        null,
        null,
        null,
        null,
        e.reason());
  }

  @EventHandler
  void on(ReleaseResumed e, @Timestamp Instant at, TrackingToken token) {
    sql.update(
        "UPDATE lineage_release SET paused = false,"
            + " state = CASE WHEN stage = 0 THEN 'Shadow' ELSE 'Rolling' END WHERE release_id = ?",
        e.releaseId());
    sql.update(
        "UPDATE lineage_cohort SET outcome = NULL WHERE release_id = ? AND until IS NULL"
            + " AND role <> 'Stable'",
        e.releaseId());
    decision(
        e.releaseId(),
        index(token),
        at,
        "ReleaseResumed",
        candidate(e.releaseId()),
        null,
        null,
        null,
        null,
        e.reason());
  }

  @EventHandler
  void on(ReleasePromoted e, @Timestamp Instant at, TrackingToken token) {
    long index = index(token);
    closeCandidate(e.releaseId(), at, "Promoted");
    closeStable(e.releaseId(), at, "Replaced");
    sql.update(
        "INSERT INTO lineage_cohort (release_id, global_index, model_version, role, stage,"
            + " cohort, percent, devices, since) VALUES (?,?,?,'Stable',-1,'fleet',100,0,?)",
        e.releaseId(),
        index,
        e.version(),
        Sql.ts(at));
    sql.update(
        "UPDATE lineage_release SET stable_version = ?, candidate_version = NULL, stage = -1,"
            + " state = 'Promoted', paused = false WHERE release_id = ?",
        e.version(),
        e.releaseId());
    decision(
        e.releaseId(),
        index,
        at,
        "ReleasePromoted",
        e.version(),
        null,
        null,
        e.measured(),
        e.rule(),
        null);
  }

  @EventHandler
  void on(ReleaseRolledBack e, @Timestamp Instant at, TrackingToken token) {
    long index = index(token);
    boolean undo =
        sql.one(
                "SELECT 1 FROM lineage_release WHERE release_id = ? AND candidate_version IS NULL",
                rs -> 1,
                e.releaseId())
            != null;
    if (undo) {
      closeStable(e.releaseId(), at, "RolledBack");
      sql.update(
          "INSERT INTO lineage_cohort (release_id, global_index, model_version, role, stage,"
              + " cohort, percent, devices, since) VALUES (?,?,?,'Stable',-1,'fleet',100,0,?)",
          e.releaseId(),
          index,
          e.restoredVersion(),
          Sql.ts(at));
    } else {
      closeCandidate(e.releaseId(), at, "RolledBack");
    }
    sql.update(
        "UPDATE lineage_release SET stable_version = ?, candidate_version = NULL, stage = -1,"
            + " state = 'RolledBack', paused = false WHERE release_id = ?",
        e.restoredVersion(),
        e.releaseId());
    decision(
        e.releaseId(),
        index,
        at,
        "ReleaseRolledBack",
        e.version(),
        e.stage(),
        null,
        e.measured(),
        e.rule(),
        e.reason());
  }

  @EventHandler
  void on(ReleaseFrozen e, @Timestamp Instant at, TrackingToken token) {
    sql.update("UPDATE lineage_release SET state = 'Frozen' WHERE release_id = ?", e.releaseId());
    sql.update(
        "UPDATE lineage_cohort SET outcome = 'Frozen' WHERE release_id = ? AND until IS NULL"
            + " AND role <> 'Stable'",
        e.releaseId());
    decision(
        e.releaseId(),
        index(token),
        at,
        "ReleaseFrozen",
        e.version(),
        e.stage(),
        null,
        e.measured(),
        e.rule(),
        e.reason());
  }

  private void closeCandidate(String releaseId, Instant at, String outcome) {
    sql.update(
        "UPDATE lineage_cohort SET until = ?, outcome = ? WHERE release_id = ? AND until IS NULL"
            + " AND role <> 'Stable'",
        Sql.ts(at),
        outcome,
        releaseId);
  }

  private void closeStable(String releaseId, Instant at, String outcome) {
    sql.update(
        "UPDATE lineage_cohort SET until = ?, outcome = ? WHERE release_id = ? AND until IS NULL"
            + " AND role = 'Stable'",
        Sql.ts(at),
        outcome,
        releaseId);
  }

  private String candidate(String releaseId) {
    return sql.one(
        "SELECT candidate_version FROM lineage_release WHERE release_id = ?",
        rs -> rs.getString(1),
        releaseId);
  }

  private void decision(
      String releaseId,
      long index,
      Instant at,
      String event,
      String version,
      Integer fromStage,
      Integer toStage,
      List<Measurement> measured,
      String rule,
      String reason) {
    sql.update(
        "INSERT INTO lineage_decision (release_id, global_index, at, event, version, from_stage,"
            + " to_stage, measured, rule, reason) VALUES (?,?,?,?,?,?,?,?,?,?)",
        releaseId,
        index,
        Sql.ts(at),
        event,
        version,
        fromStage,
        toStage,
        measured == null ? null : json(measured),
        rule,
        reason);
  }

  private static long index(TrackingToken token) {
    if (token instanceof GlobalSequenceTrackingToken g) {
      return g.getGlobalIndex();
    }
    return token == null ? -1 : token.position().orElse(-1);
  }

  private static String json(Object value) {
    try {
      return AuditJson.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static Map<String, Double> metrics(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      return AuditJson.mapper()
          .readValue(json, new com.fasterxml.jackson.core.type.TypeReference<>() {});
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }
}
