package io.fleetloop.ingest.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import com.google.rpc.RetryInfo;
import io.fleetloop.ingest.api.DeviceToken;
import io.fleetloop.ingest.grpc.ClipHeader;
import io.fleetloop.ingest.grpc.IngestGrpc;
import io.fleetloop.ingest.grpc.UploadAck;
import io.fleetloop.ingest.grpc.UploadChunk;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device side of ingest: uploads one clip per client-streaming call (header, then payload
 * chunks, respecting gRPC flow control) and retries transient failures with the same clip id, so a
 * retry of a clip the service already ingested is acknowledged with {@code duplicate = true}.
 *
 * <p>Retried: {@code UNAVAILABLE}, {@code DEADLINE_EXCEEDED}, {@code ABORTED}, {@code CANCELLED},
 * and {@code RESOURCE_EXHAUSTED} when it carries a {@code google.rpc.RetryInfo} (the rate limit;
 * its delay is honoured). Everything else is a refusal and is thrown at once.
 */
public final class IngestClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IngestClient.class);

  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  /**
   * One clip to upload: its header (with size and sha256 filled in) and its payload. The payload is
   * sent without a copy, so it must not be modified while an upload (or a retry) of it runs.
   */
  public record Clip(ClipHeader header, byte[] payload) {
    public Clip {
      Objects.requireNonNull(header, "header");
      Objects.requireNonNull(payload, "payload");
    }

    public String clipId() {
      return header.getClipId();
    }
  }

  /**
   * @param deadline per attempt
   * @param maxAttempts attempts per clip, at least 1
   * @param initialBackoff before the second attempt; doubles up to {@code maxBackoff}
   * @param chunkBytes payload bytes per message
   */
  public record Options(
      Duration deadline,
      int maxAttempts,
      Duration initialBackoff,
      Duration maxBackoff,
      int chunkBytes) {
    public static Options defaults() {
      return new Options(
          Duration.ofSeconds(30), 8, Duration.ofMillis(100), Duration.ofSeconds(5), 256 * 1024);
    }

    public Options withMaxAttempts(int attempts) {
      return new Options(deadline, attempts, initialBackoff, maxBackoff, chunkBytes);
    }

    public Options withBackoff(Duration initial, Duration max) {
      return new Options(deadline, maxAttempts, initial, max, chunkBytes);
    }

    public Options withChunkBytes(int bytes) {
      return new Options(deadline, maxAttempts, initialBackoff, maxBackoff, bytes);
    }
  }

  private final ManagedChannel ownedChannel;
  private final Channel channel;
  private final Supplier<String> token;
  private final Options options;

  private IngestClient(
      ManagedChannel ownedChannel, Channel channel, Supplier<String> token, Options options) {
    this.ownedChannel = ownedChannel;
    this.channel = channel;
    this.token = token;
    this.options = options;
  }

  /** Plaintext channel to {@code host:port}, owned (closed) by the client. */
  public static IngestClient connect(String target, Supplier<String> token, Options options) {
    ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    return new IngestClient(channel, channel, token, options);
  }

  /** Over a channel the caller owns (TLS, shared by many simulated devices, ...). */
  public static IngestClient over(Channel channel, Supplier<String> token, Options options) {
    return new IngestClient(null, channel, token, options);
  }

  /** Uploads with retries; throws the last {@link StatusRuntimeException} when refused. */
  public UploadAck upload(Clip clip) {
    Duration backoff = options.initialBackoff();
    for (int attempt = 1; ; attempt++) {
      try {
        return uploadOnce(clip);
      } catch (StatusRuntimeException e) {
        Optional<Duration> retryAfter = retryAfter(e);
        if (!isRetryable(e) || attempt >= options.maxAttempts()) {
          throw e;
        }
        Duration wait =
            retryAfter.filter(d -> d.compareTo(options.maxBackoff()) <= 0).orElse(backoff);
        LOG.debug(
            "clip {} attempt {} failed with {}; retrying in {} ms",
            clip.clipId(),
            attempt,
            e.getStatus().getCode(),
            wait.toMillis());
        sleep(wait);
        backoff = min(backoff.multipliedBy(2), options.maxBackoff());
      }
    }
  }

  /**
   * Store-and-forward: uploads, or holds the clip in {@code outbox} when the failure is transient.
   * A refusal (bad clip, not authorised) is thrown and not held.
   */
  public Optional<UploadAck> uploadOrHold(Clip clip, ClipOutbox outbox) {
    try {
      return Optional.of(upload(clip));
    } catch (StatusRuntimeException e) {
      if (isRetryable(e)) {
        outbox.hold(clip);
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Sends every held clip; those that fail transiently go back into the outbox, refused ones are
   * dropped (logged). Returns how many were acknowledged.
   */
  public int forward(ClipOutbox outbox) {
    List<Clip> held = outbox.drain();
    int acked = 0;
    for (int i = 0; i < held.size(); i++) {
      Clip clip = held.get(i);
      try {
        upload(clip);
        acked++;
      } catch (StatusRuntimeException e) {
        if (isRetryable(e)) {
          held.subList(i, held.size()).forEach(outbox::hold);
          break;
        }
        LOG.warn("held clip {} refused: {}", clip.clipId(), e.getStatus());
      }
    }
    return acked;
  }

  /** One attempt, no retries. */
  public UploadAck uploadOnce(Clip clip) {
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, DeviceToken.authorizationHeader(token.get()));
    IngestGrpc.IngestStub stub =
        IngestGrpc.newStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
            .withDeadlineAfter(options.deadline().toMillis(), TimeUnit.MILLISECONDS);
    CompletableFuture<UploadAck> result = new CompletableFuture<>();
    Object ready = new Object();
    ClientResponseObserver<UploadChunk, UploadAck> responses =
        new ClientResponseObserver<>() {
          private UploadAck ack;

          @Override
          public void beforeStart(ClientCallStreamObserver<UploadChunk> requests) {
            requests.setOnReadyHandler(
                () -> {
                  synchronized (ready) {
                    ready.notifyAll();
                  }
                });
          }

          @Override
          public void onNext(UploadAck value) {
            ack = value;
          }

          @Override
          public void onError(Throwable t) {
            result.completeExceptionally(t);
            wake();
          }

          @Override
          public void onCompleted() {
            if (ack == null) {
              result.completeExceptionally(
                  Status.INTERNAL.withDescription("no acknowledgement").asRuntimeException());
            } else {
              result.complete(ack);
            }
            wake();
          }

          private void wake() {
            synchronized (ready) {
              ready.notifyAll();
            }
          }
        };
    ClientCallStreamObserver<UploadChunk> requests =
        (ClientCallStreamObserver<UploadChunk>) stub.upload(responses);
    requests.onNext(UploadChunk.newBuilder().setHeader(clip.header()).build());
    byte[] payload = clip.payload();
    int chunk = Math.max(1, options.chunkBytes());
    for (int offset = 0; offset < payload.length && !result.isDone(); offset += chunk) {
      awaitReady(requests, result, ready);
      if (result.isDone()) {
        break;
      }
      int length = Math.min(chunk, payload.length - offset);
      // no copy: the chunk is a view of the clip's payload, which must stay unchanged while the
      // upload is in flight (Clip's contract)
      requests.onNext(
          UploadChunk.newBuilder()
              .setData(UnsafeByteOperations.unsafeWrap(payload, offset, length))
              .build());
    }
    if (!result.isDone()) {
      requests.onCompleted();
    }
    try {
      return result.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof StatusRuntimeException sre) {
        throw sre;
      }
      throw Status.fromThrowable(cause).asRuntimeException();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      requests.cancel("interrupted", e);
      throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
    }
  }

  private static void awaitReady(
      ClientCallStreamObserver<UploadChunk> requests,
      CompletableFuture<UploadAck> result,
      Object ready) {
    synchronized (ready) {
      while (!requests.isReady() && !result.isDone()) {
        try {
          ready.wait(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Whether a failure is worth another attempt with the same clip id. */
  public static boolean isRetryable(StatusRuntimeException e) {
    return switch (e.getStatus().getCode()) {
      case UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED, CANCELLED -> true;
      case RESOURCE_EXHAUSTED -> retryAfter(e).isPresent();
      default -> false;
    };
  }

  /** The {@code google.rpc.RetryInfo} delay of a refusal, if it has one. */
  public static Optional<Duration> retryAfter(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    if (status == null) {
      return Optional.empty();
    }
    for (com.google.protobuf.Any detail : status.getDetailsList()) {
      if (detail.is(RetryInfo.class)) {
        try {
          com.google.protobuf.Duration d = detail.unpack(RetryInfo.class).getRetryDelay();
          return Optional.of(Duration.ofSeconds(d.getSeconds(), d.getNanos()));
        } catch (InvalidProtocolBufferException ignored) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(Math.max(1, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
    }
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
        Thread.currentThread().interrupt();
        ownedChannel.shutdownNow();
      }
    }
  }
}
