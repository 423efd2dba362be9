package io.fleetloop.audit.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.fleetloop.audit.api.AuditJson;
import io.fleetloop.audit.api.event.Measurement;
import io.fleetloop.audit.api.query.ClipLineage;
import io.fleetloop.audit.api.query.ClipRef;
import io.fleetloop.audit.api.query.CohortRef;
import io.fleetloop.audit.api.query.DatasetLineage;
import io.fleetloop.audit.api.query.Decision;
import io.fleetloop.audit.api.query.ModelLineage;
import io.fleetloop.audit.api.query.PhaseRef;
import io.fleetloop.audit.api.query.ReleaseHistory;
import io.fleetloop.audit.api.query.RunRef;
import io.fleetloop.audit.query.LineageQueryMessages.ClipLineageQuery;
import io.fleetloop.audit.query.LineageQueryMessages.DatasetLineageQuery;
import io.fleetloop.audit.query.LineageQueryMessages.ModelLineageQuery;
import io.fleetloop.audit.query.LineageQueryMessages.NotFoundException;
import io.fleetloop.audit.query.LineageQueryMessages.ReleaseHistoryQuery;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.queryhandling.QueryHandler;

/** Answers the lineage questions from the projection's tables. */
public class LineageQueries {

  /** At most this many clips are listed in one answer; {@code clipCount} gives the total. */
  public static final int MAX_CLIPS_LISTED = 10_000;

  private static final int MAX_ANCESTRY = 64;

  private final Sql sql;

  public LineageQueries(ConnectionProvider connections) {
    this.sql = new Sql(connections);
  }

  @QueryHandler
  public DatasetLineage handle(DatasetLineageQuery q) {
    DatasetLineage head =
        sql.one(
            "SELECT * FROM lineage_dataset WHERE dataset_id = ?",
            rs ->
                new DatasetLineage(
                    rs.getString("dataset_id"),
                    rs.getString("manifest_uri"),
                    rs.getString("manifest_digest"),
                    rs.getLong("clip_count"),
                    Sql.instant(rs, "cut_at"),
                    List.of(),
                    Map.of(),
                    List.of()),
            q.datasetId());
    if (head == null) {
      throw new NotFoundException("no dataset " + q.datasetId() + " in the log");
    }
    List<ClipRef> clips =
        sql.query(
            "SELECT d.clip_id, c.device_id, c.trigger_id, c.model_version, c.captured_at"
                + " FROM lineage_dataset_clip d LEFT JOIN lineage_clip c ON c.clip_id = d.clip_id"
                + " WHERE d.dataset_id = ? ORDER BY d.clip_id LIMIT ?",
            LineageQueries::clip,
            q.datasetId(),
            MAX_CLIPS_LISTED);
    Map<String, Long> triggers = new LinkedHashMap<>();
    sql.query(
        "SELECT trigger_id, clips FROM lineage_dataset_trigger WHERE dataset_id = ?"
            + " ORDER BY trigger_id",
        rs -> triggers.put(rs.getString(1), rs.getLong(2)),
        q.datasetId());
    if (triggers.isEmpty()) {
      sql.query(
          "SELECT c.trigger_id, count(*) FROM lineage_dataset_clip d JOIN lineage_clip c"
              + " ON c.clip_id = d.clip_id WHERE d.dataset_id = ? AND c.trigger_id IS NOT NULL"
              + " GROUP BY c.trigger_id ORDER BY c.trigger_id",
          rs -> triggers.put(rs.getString(1), rs.getLong(2)),
          q.datasetId());
    }
    List<String> runs =
        sql.query(
            "SELECT DISTINCT run_id FROM lineage_run WHERE dataset_id = ? ORDER BY run_id",
            rs -> rs.getString(1),
            q.datasetId());
    return new DatasetLineage(
        head.datasetId(),
        head.manifestUri(),
        head.manifestDigest(),
        head.clipCount(),
        head.cutAt(),
        clips,
        triggers,
        runs);
  }

  @QueryHandler
  public ModelLineage handle(ModelLineageQuery q) {
    List<RunRef> producedBy = new ArrayList<>();
    String artifact = null;
    String digest = null;
    String version = q.modelVersion();
    Set<String> seen = new HashSet<>();
    while (version != null && seen.add(version) && producedBy.size() < MAX_ANCESTRY) {
      String v = version;
      Object[] row =
          sql.one(
              "SELECT run_id, uid, base_version, dataset_id, validation, outcome, artifact,"
                  + " digest FROM lineage_run WHERE model_version = ?"
                  + " ORDER BY global_index DESC LIMIT 1",
              rs ->
                  new Object[] {
                    rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)
                  },
              v);
      if (row == null) {
        break;
      }
      if (producedBy.isEmpty()) {
        artifact = (String) row[6];
        digest = (String) row[7];
      }
      producedBy.add(
          new RunRef(
              (String) row[0],
              v,
              (String) row[2],
              (String) row[3],
              phases((String) row[0], (String) row[1]),
              (String) row[4],
              (String) row[5]));
      version = (String) row[2];
    }
    List<CohortRef> ranIn =
        sql.query(
            "SELECT * FROM lineage_cohort WHERE model_version = ? ORDER BY since, global_index",
            LineageQueries::cohort,
            q.modelVersion());
    if (producedBy.isEmpty() && ranIn.isEmpty()) {
      throw new NotFoundException("no model " + q.modelVersion() + " in the log");
    }
    return new ModelLineage(q.modelVersion(), artifact, digest, producedBy, ranIn);
  }

  @QueryHandler
  public ReleaseHistory handle(ReleaseHistoryQuery q) {
    ReleaseHistory head =
        sql.one(
            "SELECT * FROM lineage_release WHERE release_id = ?",
            rs ->
                new ReleaseHistory(
                    rs.getString("release_id"),
                    rs.getString("stable_version"),
                    rs.getString("candidate_version"),
                    rs.getInt("stage"),
                    rs.getString("state"),
                    List.of(),
                    List.of()),
            q.releaseId());
    if (head == null) {
      throw new NotFoundException("no release " + q.releaseId() + " in the log");
    }
    List<CohortRef> cohorts =
        sql.query(
            "SELECT * FROM lineage_cohort WHERE release_id = ? ORDER BY since, global_index",
            LineageQueries::cohort,
            q.releaseId());
    List<Decision> decisions =
        sql.query(
            "SELECT * FROM lineage_decision WHERE release_id = ? ORDER BY global_index",
            rs ->
                new Decision(
                    rs.getLong("global_index"),
                    Sql.instant(rs, "at"),
                    rs.getString("event"),
                    rs.getString("version"),
                    Sql.intOrNull(rs, "from_stage"),
                    Sql.intOrNull(rs, "to_stage"),
                    measured(rs.getString("measured")),
                    rs.getString("rule"),
                    rs.getString("reason")),
            q.releaseId());
    return new ReleaseHistory(
        head.releaseId(),
        head.stableVersion(),
        head.candidateVersion(),
        head.stage(),
        head.state(),
        cohorts,
        decisions);
  }

  @QueryHandler
  public ClipLineage handle(ClipLineageQuery q) {
    ClipRef clip =
        sql.one(
            "SELECT clip_id, device_id, trigger_id, model_version, captured_at FROM lineage_clip"
                + " WHERE clip_id = ?",
            LineageQueries::clip,
            q.clipId());
    List<String> datasets =
        sql.query(
            "SELECT dataset_id FROM lineage_dataset_clip WHERE clip_id = ? ORDER BY dataset_id",
            rs -> rs.getString(1),
            q.clipId());
    if (clip == null && datasets.isEmpty()) {
      throw new NotFoundException("no clip " + q.clipId() + " in the log");
    }
    List<String> models =
        sql.query(
            "SELECT DISTINCT r.model_version FROM lineage_run r JOIN lineage_dataset_clip d"
                + " ON d.dataset_id = r.dataset_id WHERE d.clip_id = ?"
                + " AND r.model_version IS NOT NULL ORDER BY r.model_version",
            rs -> rs.getString(1),
            q.clipId());
    return new ClipLineage(
        clip == null ? new ClipRef(q.clipId(), null, null, null, null) : clip, datasets, models);
  }

  private List<PhaseRef> phases(String runId, String uid) {
    return sql.query(
        "SELECT phase, pool, precision, succeeded, metrics FROM lineage_run_phase"
            + " WHERE run_id = ? AND uid = ? ORDER BY ordinal",
        rs -> {
          boolean ok = rs.getBoolean("succeeded");
          return new PhaseRef(
              rs.getString("phase"),
              rs.getString("pool"),
              rs.getString("precision"),
              rs.wasNull() ? null : ok,
              LineageProjection.metrics(rs.getString("metrics")));
        },
        runId,
        uid);
  }

  private static ClipRef clip(ResultSet rs) throws SQLException {
    return new ClipRef(
        rs.getString("clip_id"),
        rs.getString("device_id"),
        rs.getString("trigger_id"),
        rs.getString("model_version"),
        Sql.instant(rs, "captured_at"));
  }

  private static CohortRef cohort(ResultSet rs) throws SQLException {
    return new CohortRef(
        rs.getString("release_id"),
        rs.getString("model_version"),
        rs.getString("role"),
        rs.getInt("stage"),
        rs.getString("cohort"),
        rs.getInt("percent"),
        rs.getLong("devices"),
        Sql.instant(rs, "since"),
        Sql.instant(rs, "until"),
        rs.getString("outcome"));
  }

  private static List<Measurement> measured(String json) {
    if (json == null) {
      return List.of();
    }
    try {
      return AuditJson.mapper().readValue(json, new TypeReference<List<Measurement>>() {});
    } catch (JsonProcessingException e) {
      return List.of();
    }
  }
}
