package io.fleetloop.audit.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.audit.api.AuditJson;
import io.fleetloop.audit.api.EventCatalogue;
import io.fleetloop.audit.api.event.AuditEvent;
import io.fleetloop.audit.api.query.TimelineEntry;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads stored events as they are (with their positions and hashes), for timelines. */
public final class EventLogReader {

  private final DataSource dataSource;
  private final ObjectMapper mapper = AuditJson.mapper();

  public EventLogReader(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A stream's events after {@code afterGlobalIndex} (exclusive; 0 for all), oldest first. */
  public List<TimelineEntry> timeline(String streamId, long afterGlobalIndex, int limit) {
    List<TimelineEntry> entries = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT global_index, aggregate_identifier, sequence_number, time_stamp,"
                    + " payload_type, payload, meta_data, hash FROM domain_event_entry"
                    + " WHERE aggregate_identifier = ? AND global_index > ?"
                    + " ORDER BY global_index LIMIT ?")) {
      ps.setString(1, streamId);
      ps.setLong(2, afterGlobalIndex);
      ps.setInt(3, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          entries.add(entry(rs));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the timeline of " + streamId, e);
    }
    return entries;
  }

  /** The number of events in the log. */
  public long count() {
    try (Connection c = dataSource.getConnection();
        ResultSet rs =
            c.createStatement().executeQuery("SELECT count(*) FROM domain_event_entry")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new StoreException("cannot count events", e);
    }
  }

  /** The highest global index (events start at 1), or 0 for an empty log. */
  public long head() {
    try (Connection c = dataSource.getConnection();
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT coalesce(max(global_index), 0) FROM domain_event_entry")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new StoreException("cannot read the head of the log", e);
    }
  }

  private TimelineEntry entry(ResultSet rs) throws SQLException {
    String type = rs.getString("payload_type");
    JsonNode payload = tree(rs.getBytes("payload"));
    JsonNode meta = tree(rs.getBytes("meta_data"));
    Optional<Class<? extends AuditEvent>> known = EventCatalogue.classFor(type);
    String summary;
    if (known.isPresent()) {
      try {
        summary = EventSummaries.summarize(mapper.treeToValue(payload, known.get()));
      } catch (IOException | IllegalArgumentException e) {
        summary = type + " (unreadable: " + e.getMessage() + ")";
      }
    } else {
      summary = "unknown event type " + type + " (written by a newer version?)";
    }
    return new TimelineEntry(
        rs.getLong("global_index"),
        rs.getString("aggregate_identifier"),
        rs.getLong("sequence_number"),
        Instant.parse(rs.getString("time_stamp")),
        instant(meta.path("occurredAt").asText(null)),
        meta.path("actor").asText(null),
        type,
        known.isPresent(),
        summary,
        payload,
        EventHasher.hex(rs.getBytes("hash")));
  }

  private JsonNode tree(byte[] bytes) {
    if (bytes == null) {
      return mapper.createObjectNode();
    }
    try {
      return mapper.readTree(bytes);
    } catch (IOException e) {
      return mapper
          .getNodeFactory()
          .textNode(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private static Instant instant(String s) {
    try {
      return s == null ? null : Instant.parse(s);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
