package io.fleetloop.audit.grpc;

import io.fleetloop.audit.api.AuditJson;
import io.fleetloop.audit.api.ResourceIds;
import io.fleetloop.audit.api.query.TimelineEntry;
import io.fleetloop.audit.api.query.VerifyReport;
import io.fleetloop.audit.app.AuditLog;
import io.fleetloop.audit.app.AuditService;
import io.fleetloop.audit.client.Appended;
import io.fleetloop.audit.client.AuditClient;
import io.fleetloop.audit.query.LineageQueryMessages;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gRPC face of the audit service: {@code AuditLog} (internal) and {@code AuditQuery}. */
public final class AuditGrpcServices {

  private static final Logger LOG = LoggerFactory.getLogger(AuditGrpcServices.class);
  static final int DEFAULT_TIMELINE_LIMIT = 1_000;
  static final int MAX_TIMELINE_LIMIT = 10_000;
  static final int MAX_BATCH = 10_000;

  private AuditGrpcServices() {}

  /** Appends (internal). */
  public static final class Log extends AuditLogGrpc.AuditLogImplBase {
    private final AuditService service;

    public Log(AuditService service) {
      this.service = service;
    }

    @Override
    public void append(AppendRequest request, StreamObserver<AppendResult> response) {
      respond(
          response,
          () -> {
            Appended a = service.log().appendRaw(List.of(raw(request))).get(0);
            if (a.outcome() == io.fleetloop.audit.client.Outcome.REJECTED) {
              throw status(a.errorCode()).withDescription(a.errorMessage()).asRuntimeException();
            }
            return result(a);
          });
    }

    @Override
    public void appendBatch(
        AppendBatchRequest request, StreamObserver<AppendBatchResponse> response) {
      respond(
          response,
          () -> {
            if (request.getEventsCount() > MAX_BATCH) {
              throw Status.INVALID_ARGUMENT
                  .withDescription("at most " + MAX_BATCH + " events per batch")
                  .asRuntimeException();
            }
            List<AuditLog.RawAppend> raw = new ArrayList<>(request.getEventsCount());
            request.getEventsList().forEach(r -> raw.add(raw(r)));
            AppendBatchResponse.Builder b = AppendBatchResponse.newBuilder();
            service.log().appendRaw(raw).forEach(a -> b.addResults(result(a)));
            return b.build();
          });
    }

    private static AuditLog.RawAppend raw(AppendRequest r) {
      return new AuditLog.RawAppend(
          r.getEventType(),
          r.getPayloadJson(),
          r.getIdempotencyKey(),
          r.getActor().isEmpty() ? null : r.getActor(),
          r.hasOccurredAt() ? AuditClient.toInstant(r.getOccurredAt()) : null,
          r.hasExpectedVersion() ? r.getExpectedVersion() : null);
    }

    private static AppendResult result(Appended a) {
      AppendResult.Builder b =
          AppendResult.newBuilder()
              .setOutcome(
                  switch (a.outcome()) {
                    case APPENDED -> AppendResult.Outcome.APPENDED;
                    case DUPLICATE -> AppendResult.Outcome.DUPLICATE;
                    case UNCHANGED -> AppendResult.Outcome.UNCHANGED;
                    case REJECTED -> AppendResult.Outcome.REJECTED;
                  })
              .setSequence(a.sequence())
              .setGlobalIndex(a.globalIndex());
      if (a.streamId() != null) {
        b.setStreamId(a.streamId());
      }
      if (a.hash() != null) {
        b.setHash(a.hash());
      }
      if (a.errorCode() != null) {
        b.setErrorCode(a.errorCode());
      }
      if (a.errorMessage() != null) {
        b.setErrorMessage(a.errorMessage());
      }
      return b.build();
    }
  }

  /** Timelines, lineage and verification (public, read-only). */
  public static final class Query extends AuditQueryGrpc.AuditQueryImplBase {
    private final AuditService service;

    public Query(AuditService service) {
      this.service = service;
    }

    @Override
    public void timeline(TimelineRequest request, StreamObserver<TimelineResponse> response) {
      respond(
          response,
          () -> {
            ResourceIds.parse(request.getStreamId());
            int limit = request.getLimit() <= 0 ? DEFAULT_TIMELINE_LIMIT : request.getLimit();
            List<TimelineEntry> entries =
                service
                    .reader()
                    .timeline(
                        request.getStreamId(),
                        request.getAfterGlobalIndex(),
                        Math.min(limit, MAX_TIMELINE_LIMIT));
            TimelineResponse.Builder b = TimelineResponse.newBuilder();
            for (TimelineEntry e : entries) {
              io.fleetloop.audit.grpc.TimelineEntry.Builder eb =
                  io.fleetloop.audit.grpc.TimelineEntry.newBuilder()
                      .setGlobalIndex(e.globalIndex())
                      .setStreamId(e.streamId())
                      .setSequence(e.sequence())
                      .setTimestamp(AuditClient.toTimestamp(e.timestamp()))
                      .setEventType(e.eventType())
                      .setKnown(e.known())
                      .setSummary(e.summary())
                      .setPayloadJson(AuditJson.write(e.payload()))
                      .setHash(e.hash());
              if (e.occurredAt() != null) {
                eb.setOccurredAt(AuditClient.toTimestamp(e.occurredAt()));
              }
              if (e.actor() != null) {
                eb.setActor(e.actor());
              }
              b.addEntries(eb);
            }
            return b.build();
          });
    }

    @Override
    public void lineage(LineageRequest request, StreamObserver<LineageResponse> response) {
      respond(
          response,
          () -> {
            Object query;
            Class<?> answer;
            switch (request.getSubjectCase()) {
              case DATASET -> {
                query = new LineageQueryMessages.DatasetLineageQuery(request.getDataset());
                answer = io.fleetloop.audit.api.query.DatasetLineage.class;
              }
              case MODEL -> {
                query = new LineageQueryMessages.ModelLineageQuery(request.getModel());
                answer = io.fleetloop.audit.api.query.ModelLineage.class;
              }
              case RELEASE -> {
                query = new LineageQueryMessages.ReleaseHistoryQuery(request.getRelease());
                answer = io.fleetloop.audit.api.query.ReleaseHistory.class;
              }
              case CLIP -> {
                query = new LineageQueryMessages.ClipLineageQuery(request.getClip());
                answer = io.fleetloop.audit.api.query.ClipLineage.class;
              }
              default ->
                  throw Status.INVALID_ARGUMENT
                      .withDescription("name a dataset, model, release or clip")
                      .asRuntimeException();
            }
            Object result = service.query(query, answer);
            return LineageResponse.newBuilder()
                .setKind(answer.getSimpleName())
                .setJson(AuditJson.write(result))
                .build();
          });
    }

    @Override
    public void verify(VerifyRequest request, StreamObserver<VerifyResponse> response) {
      respond(
          response,
          () -> {
            VerifyReport r =
                request.getStreamId().isEmpty()
                    ? service.verifier().verifyAll()
                    : service.verifier().verifyStream(request.getStreamId());
            VerifyResponse.Builder b =
                VerifyResponse.newBuilder()
                    .setIntact(r.intact())
                    .setEventsChecked(r.eventsChecked())
                    .setHeadGlobalIndex(r.headGlobalIndex());
            if (r.headHash() != null) {
              b.setHeadHash(r.headHash());
            }
            if (r.firstBreak() != null) {
              VerifyReport.Break f = r.firstBreak();
              b.setFirstBreak(
                  VerifyResponse.Break.newBuilder()
                      .setGlobalIndex(f.globalIndex())
                      .setStreamId(f.streamId())
                      .setSequence(f.sequence())
                      .setEventType(f.eventType())
                      .setProblem(f.problem())
                      .setDetail(f.detail()));
            }
            return b.build();
          });
    }
  }

  private interface Call<T> {
    T run();
  }

  private static <T> void respond(StreamObserver<T> response, Call<T> call) {
    T value;
    try {
      value = call.run();
    } catch (StatusRuntimeException e) {
      response.onError(e);
      return;
    } catch (IllegalArgumentException e) {
      response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException());
      return;
    } catch (LineageQueryMessages.NotFoundException e) {
      response.onError(Status.NOT_FOUND.withDescription(e.getMessage()).asException());
      return;
    } catch (RuntimeException e) {
      LOG.warn("audit call failed", e);
      response.onError(
          Status.UNAVAILABLE.withDescription(e.getMessage()).withCause(e).asException());
      return;
    }
    response.onNext(value);
    response.onCompleted();
  }

  private static Status status(String code) {
    try {
      return Status.fromCode(Status.Code.valueOf(code));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Status.INTERNAL;
    }
  }
}
