package io.fleetloop.audit.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Timestamp;
import io.fleetloop.audit.api.AuditJson;
import io.fleetloop.audit.api.EventCatalogue;
import io.fleetloop.audit.api.query.ClipLineage;
import io.fleetloop.audit.api.query.DatasetLineage;
import io.fleetloop.audit.api.query.ModelLineage;
import io.fleetloop.audit.api.query.ReleaseHistory;
import io.fleetloop.audit.api.query.TimelineEntry;
import io.fleetloop.audit.api.query.VerifyReport;
import io.fleetloop.audit.grpc.AppendBatchRequest;
import io.fleetloop.audit.grpc.AppendRequest;
import io.fleetloop.audit.grpc.AppendResult;
import io.fleetloop.audit.grpc.AuditLogGrpc;
import io.fleetloop.audit.grpc.AuditQueryGrpc;
import io.fleetloop.audit.grpc.LineageRequest;
import io.fleetloop.audit.grpc.LineageResponse;
import io.fleetloop.audit.grpc.TimelineRequest;
import io.fleetloop.audit.grpc.TimelineResponse;
import io.fleetloop.audit.grpc.VerifyRequest;
import io.fleetloop.audit.grpc.VerifyResponse;
import io.grpc.CallCredentials;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small client of the audit service for operators, services and the CLI.
 *
 * <p>Appends are retried on transient failures ({@code UNAVAILABLE}, {@code DEADLINE_EXCEEDED},
 * {@code RESOURCE_EXHAUSTED}) with exponential backoff, always with the same idempotency key, so a
 * retry of an append the server did commit answers {@code DUPLICATE} instead of appending twice.
 */
public final class AuditClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AuditClient.class);
  private static final Set<Status.Code> RETRYABLE =
      Set.of(
          Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED);

  /** The bearer-token header the internal (append) service may require. */
  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  /**
   * Client settings.
   *
   * @param deadline per attempt
   * @param maxAttempts attempts per append, at least 1
   * @param initialBackoff backoff before the second attempt; doubles up to {@code maxBackoff}
   * @param appendToken bearer token for the append service, or null
   */
  public record Options(
      Duration deadline,
      int maxAttempts,
      Duration initialBackoff,
      Duration maxBackoff,
      String appendToken) {
    public static Options defaults() {
      return new Options(
          Duration.ofSeconds(10), 6, Duration.ofMillis(100), Duration.ofSeconds(3), null);
    }

    public Options withAppendToken(String token) {
      return new Options(deadline, maxAttempts, initialBackoff, maxBackoff, token);
    }
  }

  private final ManagedChannel ownedChannel;
  private final Channel channel;
  private final Options options;

  private AuditClient(ManagedChannel ownedChannel, Channel channel, Options options) {
    this.ownedChannel = ownedChannel;
    this.channel = channel;
    this.options = options;
  }

  /** Connects (plaintext) to {@code host:port}; the client owns and closes the channel. */
  public static AuditClient connect(String target, Options options) {
    ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    return new AuditClient(channel, channel, options);
  }

  public static AuditClient connect(String target) {
    return connect(target, Options.defaults());
  }

  /** Uses a channel the caller owns (TLS, in-process, ...). */
  public static AuditClient over(Channel channel, Options options) {
    return new AuditClient(null, channel, options);
  }

  // ---- append (internal) ----

  /** Appends one event; throws {@link AuditException} when refused or unreachable. */
  public Appended append(PendingEvent event) {
    AppendRequest request = toRequest(event);
    AppendResult result = withRetries("append", () -> appendStub().append(request));
    return fromResult(result);
  }

  public Appended append(
      io.fleetloop.audit.api.event.AuditEvent event, String idempotencyKey, String actor) {
    return append(PendingEvent.of(event, idempotencyKey, actor));
  }

  /** Appends many events in one transaction; a refused event is a REJECTED result, not a throw. */
  public List<Appended> appendBatch(List<PendingEvent> events) {
    AppendBatchRequest.Builder request = AppendBatchRequest.newBuilder();
    events.forEach(e -> request.addEvents(toRequest(e)));
    AppendBatchRequest built = request.build();
    List<Appended> results = new ArrayList<>();
    withRetries("appendBatch", () -> appendStub().appendBatch(built))
        .getResultsList()
        .forEach(r -> results.add(fromResult(r)));
    return results;
  }

  // ---- queries (public) ----

  /** The history of one stream, oldest first (up to {@code limit}, 0 for the server's default). */
  public List<TimelineEntry> timeline(String streamId, long afterGlobalIndex, int limit) {
    TimelineResponse response =
        withRetries(
            "timeline",
            () ->
                queryStub()
                    .timeline(
                        TimelineRequest.newBuilder()
                            .setStreamId(streamId)
                            .setAfterGlobalIndex(afterGlobalIndex)
                            .setLimit(limit)
                            .build()));
    List<TimelineEntry> entries = new ArrayList<>();
    for (io.fleetloop.audit.grpc.TimelineEntry e : response.getEntriesList()) {
      entries.add(
          new TimelineEntry(
              e.getGlobalIndex(),
              e.getStreamId(),
              e.getSequence(),
              toInstant(e.getTimestamp()),
              e.hasOccurredAt() ? toInstant(e.getOccurredAt()) : null,
              e.getActor().isEmpty() ? null : e.getActor(),
              e.getEventType(),
              e.getKnown(),
              e.getSummary(),
              parseJson(e.getPayloadJson()),
              e.getHash()));
    }
    return entries;
  }

  public List<TimelineEntry> timeline(String streamId) {
    return timeline(streamId, 0, 0);
  }

  public DatasetLineage datasetLineage(String datasetId) {
    return lineage(LineageRequest.newBuilder().setDataset(datasetId).build(), DatasetLineage.class);
  }

  public ModelLineage modelLineage(String modelVersion) {
    return lineage(LineageRequest.newBuilder().setModel(modelVersion).build(), ModelLineage.class);
  }

  public ReleaseHistory releaseHistory(String releaseId) {
    return lineage(LineageRequest.newBuilder().setRelease(releaseId).build(), ReleaseHistory.class);
  }

  public ClipLineage clipLineage(String clipId) {
    return lineage(LineageRequest.newBuilder().setClip(clipId).build(), ClipLineage.class);
  }

  /** The raw lineage answer (kind and JSON), for callers that print it as is. */
  public LineageResponse lineage(LineageRequest request) {
    return withRetries("lineage", () -> queryStub().lineage(request));
  }

  /** Verifies the whole chain ({@code streamId} null or empty) or one stream's. */
  public VerifyReport verify(String streamId) {
    VerifyResponse r =
        withRetries(
            "verify",
            () ->
                queryStub()
                    .withDeadlineAfter(
                        Math.max(options.deadline().toMillis(), 600_000), TimeUnit.MILLISECONDS)
                    .verify(
                        VerifyRequest.newBuilder()
                            .setStreamId(streamId == null ? "" : streamId)
                            .build()));
    VerifyReport.Break first =
        r.hasFirstBreak()
            ? new VerifyReport.Break(
                r.getFirstBreak().getGlobalIndex(),
                r.getFirstBreak().getStreamId(),
                r.getFirstBreak().getSequence(),
                r.getFirstBreak().getEventType(),
                r.getFirstBreak().getProblem(),
                r.getFirstBreak().getDetail())
            : null;
    return new VerifyReport(
        r.getIntact(), r.getEventsChecked(), r.getHeadGlobalIndex(), r.getHeadHash(), first);
  }

  @Override
  public void close() {
    if (ownedChannel != null) {
      ownedChannel.shutdown();
      try {
        if (!ownedChannel.awaitTermination(5, TimeUnit.SECONDS)) {
          ownedChannel.shutdownNow();
        }
      } catch (InterruptedException e) {
        ownedChannel.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  // ---- internals ----

  private <T> T lineage(LineageRequest request, Class<T> type) {
    LineageResponse response = lineage(request);
    try {
      return AuditJson.mapper().readValue(response.getJson(), type);
    } catch (JsonProcessingException e) {
      throw new AuditException("INTERNAL", "unreadable lineage answer: " + e.getMessage(), e);
    }
  }

  private AuditLogGrpc.AuditLogBlockingStub appendStub() {
    AuditLogGrpc.AuditLogBlockingStub stub =
        AuditLogGrpc.newBlockingStub(channel)
            .withDeadlineAfter(options.deadline().toMillis(), TimeUnit.MILLISECONDS);
    if (options.appendToken() != null) {
      stub = stub.withCallCredentials(bearer(options.appendToken()));
    }
    return stub;
  }

  private AuditQueryGrpc.AuditQueryBlockingStub queryStub() {
    return AuditQueryGrpc.newBlockingStub(channel)
        .withDeadlineAfter(options.deadline().toMillis(), TimeUnit.MILLISECONDS);
  }

  private <T> T withRetries(String what, Supplier<T> call) {
    long backoff = options.initialBackoff().toMillis();
    int attempts = Math.max(1, options.maxAttempts());
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        if (!RETRYABLE.contains(code) || attempt >= attempts) {
          throw new AuditException(code.name(), String.valueOf(e.getStatus().getDescription()), e);
        }
        LOG.debug("audit {} failed ({}), attempt {}/{}", what, code, attempt, attempts);
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new AuditException("CANCELLED", "interrupted while retrying " + what, ie);
        }
        backoff = Math.min(backoff * 2, options.maxBackoff().toMillis());
      }
    }
  }

  static AppendRequest toRequest(PendingEvent e) {
    AppendRequest.Builder b =
        AppendRequest.newBuilder()
            .setIdempotencyKey(e.idempotencyKey())
            .setEventType(EventCatalogue.nameOf(e.event()))
            .setPayloadJson(AuditJson.write(e.event()));
    if (e.actor() != null) {
      b.setActor(e.actor());
    }
    if (e.occurredAt() != null) {
      b.setOccurredAt(toTimestamp(e.occurredAt()));
    }
    if (e.expectedVersion() != null) {
      b.setExpectedVersion(e.expectedVersion());
    }
    return b.build();
  }

  static Appended fromResult(AppendResult r) {
    Outcome outcome =
        switch (r.getOutcome()) {
          case APPENDED -> Outcome.APPENDED;
          case DUPLICATE -> Outcome.DUPLICATE;
          case UNCHANGED -> Outcome.UNCHANGED;
          default -> Outcome.REJECTED;
        };
    return new Appended(
        outcome,
        r.getStreamId(),
        r.getSequence(),
        r.getGlobalIndex(),
        r.getHash(),
        r.getErrorCode().isEmpty() ? null : r.getErrorCode(),
        r.getErrorMessage().isEmpty() ? null : r.getErrorMessage());
  }

  public static Timestamp toTimestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  public static Instant toInstant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  private static JsonNode parseJson(String json) {
    try {
      return AuditJson.mapper().readTree(json.isEmpty() ? "null" : json);
    } catch (JsonProcessingException e) {
      return AuditJson.mapper().getNodeFactory().textNode(json);
    }
  }

  private static CallCredentials bearer(String token) {
    return new CallCredentials() {
      @Override
      public void applyRequestMetadata(
          RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        applier.apply(headers);
      }
    };
  }
}
