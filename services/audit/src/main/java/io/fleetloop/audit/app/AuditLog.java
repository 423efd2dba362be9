package io.fleetloop.audit.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.fleetloop.audit.api.AuditJson;
import io.fleetloop.audit.api.EventCatalogue;
import io.fleetloop.audit.api.ResourceIds;
import io.fleetloop.audit.api.StreamKind;
import io.fleetloop.audit.api.event.AuditEvent;
import io.fleetloop.audit.api.event.ConditionChanged;
import io.fleetloop.audit.api.event.DatasetEvent;
import io.fleetloop.audit.api.event.DeviceEvent;
import io.fleetloop.audit.api.event.ReleaseEvent;
import io.fleetloop.audit.api.event.TrainingRunEvent;
import io.fleetloop.audit.api.event.TriggerEvent;
import io.fleetloop.audit.client.Appended;
import io.fleetloop.audit.client.Outcome;
import io.fleetloop.audit.client.PendingEvent;
import io.fleetloop.audit.command.Decision;
import io.fleetloop.audit.command.EventRejectedException;
import io.fleetloop.audit.command.RecordDatasetEvent;
import io.fleetloop.audit.command.RecordDeviceEvent;
import io.fleetloop.audit.command.RecordPoolEvent;
import io.fleetloop.audit.command.RecordReleaseEvent;
import io.fleetloop.audit.command.RecordTrainingRunEvent;
import io.fleetloop.audit.command.RecordTriggerEvent;
import io.fleetloop.audit.store.AppendReceipt;
import io.fleetloop.audit.store.AppendReceipts;
import io.fleetloop.audit.store.AuditSerializer;
import io.fleetloop.audit.store.ChainedAppendStatementBuilder;
import io.fleetloop.audit.store.EventHasher;
import io.fleetloop.audit.store.StoreException;
import io.fleetloop.audit.store.StreamHeads;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append path. A batch of facts becomes one transaction: each fact is routed to its stream's
 * aggregate as a command (which validates it against the lifecycle and applies it, or refuses it
 * alone), then every applied event is hash-chained and inserted at commit.
 *
 * <ul>
 *   <li>Idempotency: a fact whose key is already in the log answers {@code DUPLICATE} (the same
 *       stream and event type) or is refused {@code ALREADY_EXISTS} (a different fact reused the
 *       key). The key column is unique, so two writers racing with one key cannot both append.
 *       Condition reports are deduplicated by state instead (see {@code ConditionLedger}).
 *   <li>Concurrency: another writer (another replica) that appended to one of the batch's streams
 *       first makes the insert fail on the (stream, sequence) key; the whole batch is then retried
 *       on fresh state, where a fact with an {@code expectedVersion} is refused {@code ABORTED}.
 * </ul>
 */
public final class AuditLog {

  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  /**
   * Appends that conflict (another replica, or a stale cache entry of this one, moved a stream) are
   * retried with a short random pause (at most 32 ms) this many times before the caller sees
   * ABORTED. Conflicts on one stream are rare outside a benchmark, and a retry is cheap.
   */
  private static final int MAX_ATTEMPTS = 40;

  static final String REQUEST_KEY = "requestKey";

  private static final ObjectMapper WIRE = AuditSerializer.eventMapper();
  private static final Map<Class<?>, ObjectReader> READERS = new ConcurrentHashMap<>();

  private final CommandBus commandBus;
  private final TransactionManager transactions;
  private final DataSource dataSource;
  private final StreamHeads streamHeads;

  private final java.util.function.Consumer<String> evict;

  AuditLog(
      CommandBus commandBus,
      TransactionManager transactions,
      DataSource dataSource,
      StreamHeads streamHeads,
      java.util.function.Consumer<String> evict) {
    this.evict = evict;
    this.streamHeads = streamHeads;
    this.commandBus = commandBus;
    this.transactions = transactions;
    this.dataSource = dataSource;
  }

  /** A fact as it arrives on the wire: a catalogue name and its JSON. */
  public record RawAppend(
      String eventType,
      String payloadJson,
      String idempotencyKey,
      String actor,
      Instant occurredAt,
      Long expectedVersion) {}

  /** Decodes and appends facts from the wire; unknown types and bad payloads are REJECTED. */
  public List<Appended> appendRaw(List<RawAppend> raw) {
    List<PendingEvent> decoded = new ArrayList<>(raw.size());
    Appended[] preset = new Appended[raw.size()];
    for (int i = 0; i < raw.size(); i++) {
      RawAppend r = raw.get(i);
      try {
        if (r.idempotencyKey() == null || r.idempotencyKey().isBlank()) {
          throw new IllegalArgumentException("an idempotency key is required");
        }
        if (r.idempotencyKey().length() > 255) {
          throw new IllegalArgumentException("the idempotency key is longer than 255 characters");
        }
        AuditEvent event = decode(r.eventType(), r.payloadJson());
        decoded.add(
            new PendingEvent(
                event, r.idempotencyKey(), r.actor(), r.occurredAt(), r.expectedVersion()));
      } catch (IllegalArgumentException e) {
        decoded.add(null);
        preset[i] = rejected(null, "INVALID_ARGUMENT", e.getMessage());
      }
    }
    return append(decoded, preset);
  }

  /**
   * {@link AuditJson#readEvent} (the same answers and messages) through the service's event mapper
   * and one prepared reader per event type.
   */
  static AuditEvent decode(String eventType, String json) {
    ObjectReader reader =
        EventCatalogue.classFor(eventType)
            .map(type -> READERS.computeIfAbsent(type, t -> WIRE.readerFor(t)))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unknown event type '"
                            + eventType
                            + "'; known: "
                            + EventCatalogue.names()));
    try {
      AuditEvent event = reader.readValue(json);
      if (event == null) {
        throw new IllegalArgumentException("empty payload for " + eventType);
      }
      return event;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "payload is not a valid " + eventType + ": " + e.getOriginalMessage(), e);
    }
  }

  /** Appends typed facts (in-process callers). */
  public List<Appended> append(List<PendingEvent> events) {
    return append(events, new Appended[events.size()]);
  }

  private List<Appended> append(List<PendingEvent> events, Appended[] results) {
    int n = events.size();
    Object[] commands = new Object[n];
    for (int i = 0; i < n; i++) {
      if (results[i] != null) {
        continue;
      }
      try {
        commands[i] = route(events.get(i));
      } catch (IllegalArgumentException e) {
        results[i] =
            rejected(events.get(i).event().aggregateId(), "INVALID_ARGUMENT", e.getMessage());
      }
    }
    // later facts of the batch with a key an earlier one carries are duplicates of it
    int[] duplicateOf = new int[n];
    Map<String, Integer> firstByKey = new HashMap<>();
    for (int i = 0; i < n; i++) {
      duplicateOf[i] = -1;
      if (results[i] == null && uniquelyKeyed(events.get(i))) {
        Integer first = firstByKey.putIfAbsent(events.get(i).idempotencyKey(), i);
        if (first != null) {
          duplicateOf[i] = first;
        }
      }
    }
    for (int attempt = 1; ; attempt++) {
      List<Integer> pending = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (results[i] == null && duplicateOf[i] < 0) {
          pending.add(i);
          if (uniquelyKeyed(events.get(i))) {
            keys.add(events.get(i).idempotencyKey());
          }
        }
      }
      Map<String, Existing> existing = lookupKeys(keys);
      List<Integer> dispatch = new ArrayList<>();
      for (int i : pending) {
        PendingEvent e = events.get(i);
        Existing found = uniquelyKeyed(e) ? existing.get(e.idempotencyKey()) : null;
        if (found == null) {
          dispatch.add(i);
        } else if (found.streamId().equals(e.event().aggregateId())
            && found.eventType().equals(EventCatalogue.nameOf(e.event()))) {
          results[i] =
              new Appended(
                  Outcome.DUPLICATE,
                  found.streamId(),
                  found.sequence(),
                  found.globalIndex(),
                  found.hash(),
                  null,
                  null);
        } else {
          results[i] =
              rejected(
                  e.event().aggregateId(),
                  "ALREADY_EXISTS",
                  "idempotency key "
                      + e.idempotencyKey()
                      + " was used for "
                      + found.eventType()
                      + " on "
                      + found.streamId());
        }
      }
      if (dispatch.isEmpty()) {
        break;
      }
      try {
        dispatchInOneTransaction(events, commands, dispatch, results);
        break;
      } catch (ConcurrencyException | AggregateStreamCreationException e) {
        if (attempt >= MAX_ATTEMPTS) {
          for (int i : dispatch) {
            results[i] =
                rejected(
                    events.get(i).event().aggregateId(),
                    "ABORTED",
                    "concurrent writers kept conflicting: " + e.getMessage());
          }
          break;
        }
        LOG.debug("append conflicted with another writer (attempt {}), retrying", attempt, e);
        java.util.concurrent.locks.LockSupport.parkNanos(
            java.util.concurrent.ThreadLocalRandom.current()
                .nextLong(1_000_000L << Math.min(attempt, 5)));
        for (int i : dispatch) {
          results[i] = null;
          // another replica moved these streams: drop what this one cached of them
          evict.accept(events.get(i).event().aggregateId());
        }
      }
    }
    for (int i = 0; i < n; i++) {
      if (duplicateOf[i] >= 0) {
        Appended first = results[duplicateOf[i]];
        results[i] =
            first.outcome() == Outcome.REJECTED
                ? first
                : new Appended(
                    Outcome.DUPLICATE,
                    first.streamId(),
                    first.sequence(),
                    first.globalIndex(),
                    first.hash(),
                    null,
                    null);
      }
    }
    return List.of(results);
  }

  private void dispatchInOneTransaction(
      List<PendingEvent> events, Object[] commands, List<Integer> dispatch, Appended[] results) {
    DefaultUnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(new GenericMessage<>("audit-append"));
    AppendReceipts receipts = new AppendReceipts();
    uow.resources().put(AppendReceipts.RESOURCE, receipts);
    Object[] outcomes = new Object[commands.length];
    try {
      uow.attachTransaction(transactions);
      lockTheLog();
      for (int i : dispatch) {
        PendingEvent e = events.get(i);
        int index = i;
        commandBus.dispatch(
            GenericCommandMessage.asCommandMessage(commands[i]).andMetaData(metaData(e)),
            (message, result) ->
                outcomes[index] =
                    result.isExceptional() ? result.exceptionResult() : result.getPayload());
      }
    } catch (RuntimeException | Error e) {
      uow.rollback(e);
      throw e;
    }
    uow.commit();
    List<AppendReceipt> appended = receipts.all();
    // only now: a head is remembered once its row is durable
    streamHeads.committed(appended);
    int next = 0;
    for (int i : dispatch) {
      String streamId = events.get(i).event().aggregateId();
      Object outcome = outcomes[i];
      if (outcome == Decision.APPENDED) {
        if (next >= appended.size() || !appended.get(next).streamId().equals(streamId)) {
          throw new StoreException("append receipts out of step at " + streamId, null);
        }
        AppendReceipt r = appended.get(next++);
        results[i] =
            new Appended(
                Outcome.APPENDED, streamId, r.sequence(), r.globalIndex(), r.hash(), null, null);
      } else if (outcome == Decision.UNCHANGED) {
        results[i] = new Appended(Outcome.UNCHANGED, streamId, -1, -1, null, null, null);
      } else if (outcome instanceof EventRejectedException r) {
        results[i] = rejected(streamId, r.code().name(), r.getMessage());
      } else if (outcome instanceof Throwable t) {
        LOG.warn("append of {} failed", streamId, t);
        results[i] = rejected(streamId, "INTERNAL", String.valueOf(t.getMessage()));
      } else {
        results[i] = rejected(streamId, "INTERNAL", "no result for " + streamId);
      }
    }
  }

  /**
   * Takes the log's append lock before the aggregates are loaded, so that they are loaded as of the
   * last committed append: a writer in another replica can then only conflict through a stale cache
   * entry, which the retry evicts, instead of racing every time under contention.
   */
  private void lockTheLog() {
    try (Connection c =
            ((org.axonframework.common.jdbc.ConnectionProvider) transactions).getConnection();
        java.sql.Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_xact_lock(" + ChainedAppendStatementBuilder.APPEND_LOCK + ")");
    } catch (SQLException e) {
      throw new StoreException("cannot lock the log: " + e.getMessage(), e);
    }
  }

  private static MetaData metaData(PendingEvent e) {
    Map<String, Object> meta = new HashMap<>();
    meta.put(
        uniquelyKeyed(e) ? ChainedAppendStatementBuilder.IDEMPOTENCY_KEY : REQUEST_KEY,
        e.idempotencyKey());
    if (e.actor() != null) {
      meta.put("actor", e.actor());
    }
    if (e.occurredAt() != null) {
      meta.put("occurredAt", e.occurredAt().toString());
    }
    return MetaData.from(meta);
  }

  /** Condition reports are deduplicated by state, every other fact by its unique key. */
  private static boolean uniquelyKeyed(PendingEvent e) {
    return !(e.event() instanceof ConditionChanged);
  }

  /** The command that records {@code e}, after checking its stream id fits its type. */
  static Object route(PendingEvent p) {
    AuditEvent e = p.event();
    ResourceIds.StreamId stream = ResourceIds.parse(e.aggregateId());
    Long expected = p.expectedVersion();
    if (e instanceof ConditionChanged c) {
      return switch (stream.kind()) {
        case DATATRIGGER -> new RecordTriggerEvent(c.resourceId(), c, expected);
        case TRAININGRUN -> new RecordTrainingRunEvent(c.resourceId(), c, expected);
        case FLEETRELEASE -> new RecordReleaseEvent(c.resourceId(), c, expected);
        case HARDWAREPOOL -> new RecordPoolEvent(c.resourceId(), c, expected);
        default ->
            throw new IllegalArgumentException(
                c.resourceId() + " is not a custom resource with conditions");
      };
    }
    StreamKind want;
    Object command;
    if (e instanceof TriggerEvent t) {
      want = StreamKind.DATATRIGGER;
      command = new RecordTriggerEvent(e.aggregateId(), t, expected);
    } else if (e instanceof DatasetEvent d) {
      want = StreamKind.DATASET;
      command = new RecordDatasetEvent(e.aggregateId(), d, expected);
    } else if (e instanceof TrainingRunEvent r) {
      want = StreamKind.TRAININGRUN;
      command = new RecordTrainingRunEvent(e.aggregateId(), r, expected);
    } else if (e instanceof ReleaseEvent r) {
      want = StreamKind.FLEETRELEASE;
      command = new RecordReleaseEvent(e.aggregateId(), r, expected);
    } else if (e instanceof DeviceEvent d) {
      want = StreamKind.DEVICE;
      command = new RecordDeviceEvent(e.aggregateId(), d, expected);
    } else {
      throw new IllegalArgumentException("no stream takes " + e.getClass().getSimpleName());
    }
    if (stream.kind() != want) {
      throw new IllegalArgumentException(
          EventCatalogue.nameOf(e)
              + " belongs to a "
              + want.displayName()
              + " stream, not '"
              + e.aggregateId()
              + "'");
    }
    return command;
  }

  private record Existing(
      String streamId, long sequence, long globalIndex, String hash, String eventType) {}

  private Map<String, Existing> lookupKeys(List<String> keys) {
    Map<String, Existing> found = new HashMap<>();
    if (keys.isEmpty()) {
      return found;
    }
    try (Connection c = dataSource.getConnection()) {
      Array array = c.createArrayOf("varchar", keys.toArray());
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT idempotency_key, aggregate_identifier, sequence_number, global_index, hash,"
                  + " payload_type FROM domain_event_entry WHERE idempotency_key = ANY (?)")) {
        ps.setArray(1, array);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            found.put(
                rs.getString(1),
                new Existing(
                    rs.getString(2),
                    rs.getLong(3),
                    rs.getLong(4),
                    EventHasher.hex(rs.getBytes(5)),
                    rs.getString(6)));
          }
        }
      } finally {
        array.free();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot look up idempotency keys: " + e.getMessage(), e);
    }
    return found;
  }

  private static Appended rejected(String streamId, String code, String message) {
    return new Appended(Outcome.REJECTED, streamId, -1, -1, null, code, message);
  }
}
