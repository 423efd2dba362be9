package io.fleetloop.ingest.server;

import com.google.protobuf.Any;
import com.google.protobuf.Timestamp;
import com.google.rpc.RetryInfo;
import io.fleetloop.audit.api.event.IngestedClip;
import io.fleetloop.ingest.core.ClipIndex;
import io.fleetloop.ingest.core.IngestLimits;
import io.fleetloop.ingest.core.RateLimiter;
import io.fleetloop.ingest.core.Refusal;
import io.fleetloop.ingest.core.UploadAssembler;
import io.fleetloop.ingest.grpc.ClipHeader;
import io.fleetloop.ingest.grpc.ClipIngested;
import io.fleetloop.ingest.grpc.IngestGrpc;
import io.fleetloop.ingest.grpc.UploadAck;
import io.fleetloop.ingest.grpc.UploadChunk;
import io.fleetloop.ingest.index.DurableClipIndex;
import io.fleetloop.ingest.lineage.LineageBatcher;
import io.fleetloop.ingest.store.ClipPublisher;
import io.fleetloop.ingest.store.ClipStore;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pulsar.client.api.MessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code Upload} pipeline: framing and validation ({@link UploadAssembler}), rate limit,
 * duplicate check (the in-memory clip index, no storage request), then — once the payload is
 * complete and verified — one S3 put signed with the verified digest, then the Pulsar publish, and,
 * when the broker's receipt arrives, the index entry, lineage and only then the acknowledgement. No
 * thread waits on the put or the publish: each step starts in the thread that completed the one
 * before, and the receipt completes the upload without a thread hop.
 */
final class IngestService extends IngestGrpc.IngestImplBase {

  private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

  private final IngestLimits limits;
  private final RateLimiter rateLimiter;
  private final ClipStore store;
  private final ClipPublisher publisher;
  private final DurableClipIndex index;
  private final LineageBatcher lineage;
  private final IngestMetrics metrics;
  private final Clock clock;

  /** Clip ids with an upload in progress in this replica. */
  private final ConcurrentHashMap<String, Boolean> inFlight = new ConcurrentHashMap<>();

  /** Uploads between "payload complete" and their answer (durable work in progress). */
  private final AtomicInteger committing = new AtomicInteger();

  IngestService(
      IngestLimits limits,
      RateLimiter rateLimiter,
      ClipStore store,
      ClipPublisher publisher,
      DurableClipIndex index,
      LineageBatcher lineage,
      IngestMetrics metrics,
      Clock clock) {
    this.limits = limits;
    this.rateLimiter = rateLimiter;
    this.store = store;
    this.publisher = publisher;
    this.index = index;
    this.lineage = lineage;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public StreamObserver<UploadChunk> upload(StreamObserver<UploadAck> responses) {
    String device = AuthInterceptor.DEVICE.get();
    ServerCallStreamObserver<UploadAck> out = (ServerCallStreamObserver<UploadAck>) responses;
    out.setOnCancelHandler(() -> {});
    return new UploadCall(device, out);
  }

  /** Waits until no upload is between "payload complete" and its answer. */
  boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (committing.get() > 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  private final class UploadCall implements StreamObserver<UploadChunk> {
    private final String device;
    private final ServerCallStreamObserver<UploadAck> out;
    private final UploadAssembler assembler;
    private volatile String claimedClip;
    private volatile boolean done;
    private long headerAt;

    UploadCall(String device, ServerCallStreamObserver<UploadAck> out) {
      this.device = device;
      this.out = out;
      this.assembler = new UploadAssembler(limits, device);
    }

    @Override
    public void onNext(UploadChunk chunk) {
      if (done) {
        return;
      }
      try {
        ClipHeader header = assembler.accept(chunk);
        if (header != null) {
          onHeader(header);
        }
      } catch (Refusal r) {
        refuse(r);
      }
    }

    private void onHeader(ClipHeader header) throws Refusal {
      rateLimiter.acquire(device, header.getTotalSize());
      if (inFlight.putIfAbsent(header.getClipId(), Boolean.TRUE) != null) {
        throw new Refusal(
            Status.Code.ABORTED,
            "clip " + header.getClipId() + " is being uploaded by another call; retry");
      }
      claimedClip = header.getClipId();
      headerAt = System.nanoTime();
      switch (index.index().check(header.getClipId(), device, header.getSha256())) {
        case NEW -> {}
        case OTHER_DEVICE ->
            throw new Refusal(
                Status.Code.ALREADY_EXISTS,
                "clip id " + header.getClipId() + " was ingested for another device");
        case OTHER_CONTENT ->
            throw new Refusal(
                Status.Code.ALREADY_EXISTS,
                "clip id " + header.getClipId() + " was ingested with different content");
        case DUPLICATE -> {
          LOG.debug("device {} clip {}: duplicate, acknowledged", device, header.getClipId());
          metrics.duplicate();
          answer(ack(header, header.getSha256(), true));
        }
      }
    }

    @Override
    public void onError(Throwable t) {
      if (done) {
        return; // answered already, or committing: the commit releases the clip id
      }
      done = true;
      LOG.debug("device {}: upload ended by the client: {}", device, t.toString());
      release();
    }

    @Override
    public void onCompleted() {
      if (done) {
        return;
      }
      done = true;
      committing.incrementAndGet();
      UploadAssembler.Assembled clip;
      try {
        clip = assembler.finish();
      } catch (Refusal r) {
        committing.decrementAndGet();
        refuse(r);
        return;
      }
      long storeAt = System.nanoTime();
      metrics.stage("receive", storeAt - headerAt);
      // the put, then the publish, then the answer: each step starts in the thread that completed
      // the one before (the S3 client's, then the broker receipt's); no thread waits on either
      store
          .putPayload(clip.sha256Hex(), clip.payload())
          .whenComplete(
              (uri, failure) -> {
                if (failure != null) {
                  try {
                    unavailable("object storage", failure);
                  } finally {
                    committing.decrementAndGet();
                  }
                  return;
                }
                publish(clip, uri, storeAt);
              });
    }

    /** Publishes a stored clip; the broker's receipt indexes, records and acknowledges it. */
    private void publish(UploadAssembler.Assembled clip, String uri, long storeAt) {
      ClipHeader h = clip.header();
      ClipIndex.Entry entry = new ClipIndex.Entry(h.getClipId(), device, clip.sha256Hex());
      long publishAt = System.nanoTime();
      metrics.stage("store", publishAt - storeAt);
      CompletableFuture<MessageId> receipt;
      try {
        receipt =
            publisher.publishAsync(
                device,
                ClipIngested.newBuilder()
                    .setHeader(h)
                    .setDigest("sha256:" + clip.sha256Hex())
                    .setObjectUri(uri)
                    .setIngestedAt(timestamp(clock.instant()))
                    .build());
      } catch (RuntimeException e) {
        try {
          unavailable("broker", e);
        } finally {
          committing.decrementAndGet();
        }
        return;
      }
      // all of it in the receipt's own thread, without a hop to another thread: receipts
      // complete in publish order, so a checkpoint never moves the cursor past a persisted
      // message the index has not taken yet; nothing below blocks (the ack is queued on the
      // call, lineage is handed to its batcher)
      receipt.whenComplete(
          (id, failure) -> {
            try {
              if (failure != null) {
                unavailable("broker", failure);
                return;
              }
              metrics.stage("publish", System.nanoTime() - publishAt);
              index.published(entry, id);
              lineage.record(device, ingested(h, clip.sha256Hex()));
              metrics.accepted(h.getTotalSize());
              LOG.debug(
                  "device {} clip {}: stored {}, published {}", device, h.getClipId(), uri, id);
              answer(ack(h, clip.sha256Hex(), false));
            } catch (RuntimeException e) {
              unavailable("acknowledgement", e);
            } finally {
              committing.decrementAndGet();
            }
          });
    }

    private void unavailable(String what, Throwable e) {
      ClipHeader h = assembler.header();
      LOG.warn("device {} clip {}: {} failed", device, h == null ? "?" : h.getClipId(), what, e);
      refuse(new Refusal(Status.Code.UNAVAILABLE, "object storage or broker unavailable; retry"));
    }

    private UploadAck ack(ClipHeader h, String sha256Hex, boolean duplicate) {
      return UploadAck.newBuilder()
          .setClipId(h.getClipId())
          .setDigest("sha256:" + sha256Hex)
          .setObjectUri(store.objectUri(sha256Hex))
          .setDuplicate(duplicate)
          .build();
    }

    private void answer(UploadAck ack) {
      done = true;
      release();
      try {
        out.onNext(ack);
        out.onCompleted();
      } catch (StatusRuntimeException e) {
        LOG.debug("device {} clip {}: call gone before the ack", device, ack.getClipId());
      }
    }

    private void refuse(Refusal r) {
      done = true;
      release();
      metrics.refused(r.code());
      ClipHeader h = assembler.header();
      LOG.info(
          "device {} clip {}: refused {} {}",
          device,
          h == null ? "?" : h.getClipId(),
          r.code(),
          r.getMessage());
      try {
        out.onError(toStatus(r));
      } catch (StatusRuntimeException e) {
        LOG.debug("device {}: call gone before the refusal", device);
      }
    }

    private void release() {
      if (claimedClip != null) {
        inFlight.remove(claimedClip);
        claimedClip = null;
      }
    }
  }

  static StatusRuntimeException toStatus(Refusal r) {
    com.google.rpc.Status.Builder status =
        com.google.rpc.Status.newBuilder().setCode(r.code().value()).setMessage(r.getMessage());
    r.retryAfter()
        .ifPresent(
            d ->
                status.addDetails(
                    Any.pack(
                        RetryInfo.newBuilder()
                            .setRetryDelay(
                                com.google.protobuf.Duration.newBuilder()
                                    .setSeconds(d.getSeconds())
                                    .setNanos(d.getNano()))
                            .build())));
    return StatusProto.toStatusRuntimeException(status.build());
  }

  private static IngestedClip ingested(ClipHeader h, String sha256Hex) {
    return new IngestedClip(
        h.getClipId(),
        h.getTriggerId(),
        h.getTriggerGeneration(),
        h.getModelVersion(),
        "sha256:" + sha256Hex,
        h.getTotalSize(),
        Instant.ofEpochSecond(h.getWindowStart().getSeconds(), h.getWindowStart().getNanos()));
  }

  private static Timestamp timestamp(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }
}
