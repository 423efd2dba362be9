package io.fleetloop.audit.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.AppendEventsStatementBuilder;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * Replaces Axon's append statement: inside the append transaction it takes the log's advisory lock,
 * reads the chain heads, gives each event the next global index (so the log has no gaps and the
 * chain order is the commit order), computes its global and stream hashes from the exact bytes it
 * inserts, and inserts them with the event. Receipts (index, hash) go to the current unit of work's
 * {@link AppendReceipts}.
 *
 * <p>The lock serializes appends across every replica of the service; batching is what keeps that
 * cheap. The heads of continued streams come from {@link StreamHeads} when it knows them (the
 * common case: this replica appended the stream's previous event), else from the table.
 */
public final class ChainedAppendStatementBuilder implements AppendEventsStatementBuilder {

  /** The advisory lock key for appends (any constant; "FLA" in ASCII). */
  public static final long APPEND_LOCK = 0x464C41L;

  /** Metadata key whose value is stored in the unique {@code idempotency_key} column. */
  public static final String IDEMPOTENCY_KEY = "idempotencyKey";

  private final StreamHeads cached;

  /** Reads every continued stream's head from the table. */
  public ChainedAppendStatementBuilder() {
    this(null);
  }

  /**
   * @param cached committed stream heads to use before reading the table, or null
   */
  public ChainedAppendStatementBuilder(StreamHeads cached) {
    this.cached = cached;
  }

  @Override
  public PreparedStatement build(
      Connection connection,
      EventSchema schema,
      Class<?> dataType,
      List<? extends EventMessage<?>> events,
      Serializer serializer,
      TimestampWriter timestampWriter)
      throws SQLException {
    try (Statement lock = connection.createStatement()) {
      lock.execute("SELECT pg_advisory_xact_lock(" + APPEND_LOCK + ")");
    }
    long index;
    byte[] previous;
    try (Statement head = connection.createStatement();
        ResultSet rs =
            head.executeQuery(
                "SELECT global_index, hash FROM domain_event_entry"
                    + " ORDER BY global_index DESC LIMIT 1")) {
      if (rs.next()) {
        index = rs.getLong(1);
        previous = rs.getBytes(2);
      } else {
        index = 0; // the first event is 1, as Axon's trackers expect
        previous = EventHasher.GENESIS;
      }
    }
    List<DomainEventMessage<?>> domainEvents = new ArrayList<>(events.size());
    Set<String> continuing = new LinkedHashSet<>();
    Map<String, byte[]> streamHeads = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (EventMessage<?> e : events) {
      DomainEventMessage<?> d = asDomainEvent(e);
      domainEvents.add(d);
      String stream = d.getAggregateIdentifier();
      if (seen.add(stream) && d.getSequenceNumber() > 0) {
        byte[] head = cached == null ? null : cached.at(stream, d.getSequenceNumber() - 1);
        if (head != null) {
          streamHeads.put(stream, head);
        } else {
          continuing.add(stream);
        }
      }
    }
    streamHeads.putAll(streamHeads(connection, continuing));

    AppendReceipts receipts =
        CurrentUnitOfWork.isStarted()
            ? CurrentUnitOfWork.get().root().getResource(AppendReceipts.RESOURCE)
            : null;
    PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO domain_event_entry (global_index, event_identifier, aggregate_identifier,"
                + " sequence_number, type, time_stamp, payload_type, payload_revision, payload,"
                + " meta_data, idempotency_key, prev_hash, hash, stream_hash)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    for (DomainEventMessage<?> event : domainEvents) {
      SerializedObject<byte[]> payload = event.serializePayload(serializer, byte[].class);
      SerializedObject<byte[]> metaData = event.serializeMetaData(serializer, byte[].class);
      String timestamp = DateTimeUtils.formatInstant(event.getTimestamp());
      Object key = event.getMetaData().get(IDEMPOTENCY_KEY);
      String idempotencyKey = key == null ? null : key.toString();
      byte[] content =
          EventHasher.content(
              event.getIdentifier(),
              event.getAggregateIdentifier(),
              event.getSequenceNumber(),
              event.getType(),
              timestamp,
              payload.getType().getName(),
              payload.getType().getRevision(),
              payload.getData(),
              metaData.getData(),
              idempotencyKey);
      index++;
      byte[] hash = EventHasher.link(previous, content);
      byte[] streamPrevious =
          event.getSequenceNumber() == 0
              ? EventHasher.GENESIS
              : streamHeads.getOrDefault(event.getAggregateIdentifier(), EventHasher.GENESIS);
      byte[] streamHash = EventHasher.link(streamPrevious, content);
      streamHeads.put(event.getAggregateIdentifier(), streamHash);

      insert.setLong(1, index);
      insert.setString(2, event.getIdentifier());
      insert.setString(3, event.getAggregateIdentifier());
      insert.setLong(4, event.getSequenceNumber());
      insert.setString(5, event.getType());
      insert.setString(6, timestamp);
      insert.setString(7, payload.getType().getName());
      insert.setString(8, payload.getType().getRevision());
      insert.setBytes(9, payload.getData());
      insert.setBytes(10, metaData.getData());
      insert.setString(11, idempotencyKey);
      insert.setBytes(12, previous);
      insert.setBytes(13, hash);
      insert.setBytes(14, streamHash);
      insert.addBatch();
      if (receipts != null) {
        receipts.add(
            new AppendReceipt(
                event.getIdentifier(),
                event.getAggregateIdentifier(),
                event.getSequenceNumber(),
                index,
                EventHasher.hex(hash),
                streamHash));
      }
      previous = hash;
    }
    return insert;
  }

  private static Map<String, byte[]> streamHeads(Connection connection, Set<String> streams)
      throws SQLException {
    Map<String, byte[]> heads = new HashMap<>();
    if (streams.isEmpty()) {
      return heads;
    }
    Array ids = connection.createArrayOf("varchar", streams.toArray());
    try (PreparedStatement ps =
        connection.prepareStatement(
            // one backward index probe per stream (a DISTINCT ON over ANY(?) sorts the table)
            "SELECT h.aggregate_identifier, h.stream_hash FROM unnest(?::varchar[]) AS s(id)"
                + " CROSS JOIN LATERAL (SELECT aggregate_identifier, stream_hash"
                + " FROM domain_event_entry WHERE aggregate_identifier = s.id"
                + " ORDER BY sequence_number DESC LIMIT 1) h")) {
      ps.setArray(1, ids);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          heads.put(rs.getString(1), rs.getBytes(2));
        }
      }
    } finally {
      ids.free();
    }
    return heads;
  }

  private static DomainEventMessage<?> asDomainEvent(EventMessage<?> event) {
    if (event instanceof DomainEventMessage<?> d) {
      return d;
    }
    throw new IllegalArgumentException(
        "the audit log stores only domain events; got " + event.getPayloadType().getName());
  }
}
