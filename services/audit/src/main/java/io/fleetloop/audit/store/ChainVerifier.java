package io.fleetloop.audit.store;

import io.fleetloop.audit.api.query.VerifyReport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Re-computes the hash chains from the stored rows and names the first event that does not verify:
 *
 * <ul>
 *   <li>{@code Missing}: the global index jumps (rows were deleted);
 *   <li>{@code BrokenLink}: the stored {@code prev_hash} is not the previous event's hash (a row
 *       before it was deleted, inserted or re-hashed);
 *   <li>{@code ContentMismatch}: the row's columns do not hash to its stored hash (it was edited);
 *   <li>{@code StreamBrokenLink}: the same within the event's stream (sequence gap or a stream hash
 *       that does not follow).
 * </ul>
 *
 * A rewrite of the whole tail (every later hash recomputed) is only caught against a head hash
 * pinned elsewhere: the report gives the head to pin.
 */
public final class ChainVerifier {

  private static final String COLUMNS =
      "global_index, event_identifier, aggregate_identifier, sequence_number, type, time_stamp,"
          + " payload_type, payload_revision, payload, meta_data, idempotency_key, prev_hash,"
          + " hash, stream_hash";

  private final DataSource dataSource;

  public ChainVerifier(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  private record Row(
      long globalIndex,
      String streamId,
      long sequence,
      String payloadType,
      byte[] content,
      byte[] prevHash,
      byte[] hash,
      byte[] streamHash) {}

  private record StreamHead(long sequence, byte[] hash) {}

  /** Verifies the whole log: the global chain and every stream's chain. */
  public VerifyReport verifyAll() {
    return run("SELECT " + COLUMNS + " FROM domain_event_entry ORDER BY global_index", null, true);
  }

  /** Verifies one stream's chain (and each of its events against its own stored hash). */
  public VerifyReport verifyStream(String streamId) {
    return run(
        "SELECT "
            + COLUMNS
            + " FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number",
        streamId,
        false);
  }

  private VerifyReport run(String sql, String streamId, boolean global) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setFetchSize(2_000);
        if (streamId != null) {
          ps.setString(1, streamId);
        }
        try (ResultSet rs = ps.executeQuery()) {
          return walk(rs, global);
        } finally {
          c.rollback();
        }
      }
    } catch (SQLException e) {
      throw new StoreException("verification failed to read the log: " + e.getMessage(), e);
    }
  }

  private VerifyReport walk(ResultSet rs, boolean global) throws SQLException {
    long checked = 0;
    long expectedIndex = 1;
    byte[] previous = EventHasher.GENESIS;
    long headIndex = 0;
    Map<String, StreamHead> streams = new HashMap<>();
    while (rs.next()) {
      Row row = read(rs);
      checked++;
      String problem = null;
      String detail = null;
      byte[] recomputed;
      if (global) {
        if (row.globalIndex() != expectedIndex) {
          problem = "Missing";
          detail =
              "global index jumps from "
                  + (expectedIndex - 1)
                  + " to "
                  + row.globalIndex()
                  + ": events were deleted";
        } else if (!Arrays.equals(row.prevHash(), previous)) {
          problem = "BrokenLink";
          detail =
              "prev_hash "
                  + EventHasher.hex(row.prevHash())
                  + " is not the previous event's hash "
                  + EventHasher.hex(previous);
        }
        recomputed = EventHasher.link(previous, row.content());
      } else {
        recomputed = EventHasher.link(row.prevHash(), row.content());
      }
      if (problem == null && !Arrays.equals(recomputed, row.hash())) {
        problem = "ContentMismatch";
        detail =
            "the stored columns hash to "
                + EventHasher.hex(recomputed)
                + ", the stored hash is "
                + EventHasher.hex(row.hash());
      }
      if (problem == null) {
        StreamHead head = streams.get(row.streamId());
        long expectedSequence = head == null ? 0 : head.sequence() + 1;
        byte[] streamPrevious = head == null ? EventHasher.GENESIS : head.hash();
        if (row.sequence() != expectedSequence) {
          problem = "StreamBrokenLink";
          detail = "sequence " + row.sequence() + " follows " + (expectedSequence - 1);
        } else if (!Arrays.equals(
            EventHasher.link(streamPrevious, row.content()), row.streamHash())) {
          problem = "StreamBrokenLink";
          detail = "stream_hash does not follow from the previous event of the stream";
        }
      }
      if (problem != null) {
        return new VerifyReport(
            false,
            checked,
            headIndex,
            EventHasher.hex(previous),
            new VerifyReport.Break(
                row.globalIndex(),
                row.streamId(),
                row.sequence(),
                row.payloadType(),
                problem,
                detail));
      }
      streams.put(row.streamId(), new StreamHead(row.sequence(), row.streamHash()));
      previous = row.hash();
      headIndex = row.globalIndex();
      expectedIndex = row.globalIndex() + 1;
    }
    return new VerifyReport(
        true, checked, headIndex, headIndex == 0 ? null : EventHasher.hex(previous), null);
  }

  private static Row read(ResultSet rs) throws SQLException {
    byte[] content =
        EventHasher.content(
            rs.getString("event_identifier"),
            rs.getString("aggregate_identifier"),
            rs.getLong("sequence_number"),
            rs.getString("type"),
            rs.getString("time_stamp"),
            rs.getString("payload_type"),
            rs.getString("payload_revision"),
            rs.getBytes("payload"),
            rs.getBytes("meta_data"),
            rs.getString("idempotency_key"));
    return new Row(
        rs.getLong("global_index"),
        rs.getString("aggregate_identifier"),
        rs.getLong("sequence_number"),
        rs.getString("payload_type"),
        content,
        rs.getBytes("prev_hash"),
        rs.getBytes("hash"),
        rs.getBytes("stream_hash"));
  }
}
