package io.fleetloop.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetloop.ingest.client.IngestClient;
import io.fleetloop.ingest.grpc.ClipHeader;
import io.fleetloop.ingest.grpc.IngestGrpc;
import io.fleetloop.ingest.grpc.UploadAck;
import io.fleetloop.ingest.grpc.UploadChunk;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The uplink's store-and-forward rules against a scripted ingest endpoint in-process: transient
 * failures keep the clip and retry it under the same id, refusals remove it, acknowledgements count
 * once. (The real ingest service is exercised by {@code FleetThroughIngestIT}.)
 */
class UplinkTest {

  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private final List<String> tokens = new CopyOnWriteArrayList<>();
  private final AtomicInteger unavailableLeft = new AtomicInteger(3);
  private Server server;
  private ManagedChannel channel;

  /** Fails the first calls with UNAVAILABLE, refuses trigger "bad", acknowledges the rest. */
  private final class ScriptedIngest extends IngestGrpc.IngestImplBase {
    @Override
    public StreamObserver<UploadChunk> upload(StreamObserver<UploadAck> response) {
      tokens.add(TokenCapture.current());
      return new StreamObserver<>() {
        private ClipHeader header;
        private long bytes;

        @Override
        public void onNext(UploadChunk chunk) {
          if (chunk.hasHeader()) {
            header = chunk.getHeader();
            attempts
                .computeIfAbsent(header.getClipId(), k -> new AtomicInteger())
                .incrementAndGet();
          } else {
            bytes += chunk.getData().size();
          }
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          if (unavailableLeft.getAndDecrement() > 0) {
            response.onError(
                Status.UNAVAILABLE.withDescription("ingest down").asRuntimeException());
          } else if (header.getTriggerId().endsWith("/bad")) {
            response.onError(
                Status.INVALID_ARGUMENT.withDescription("bad clip").asRuntimeException());
          } else {
            assertThat(bytes).isEqualTo(header.getTotalSize());
            response.onNext(
                UploadAck.newBuilder()
                    .setClipId(header.getClipId())
                    .setDigest("sha256:" + header.getSha256())
                    .build());
            response.onCompleted();
          }
        }
      };
    }
  }

  @AfterEach
  void tearDown() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.shutdownNow();
    }
  }

  @Test
  void transientFailuresKeepTheClipAndRetryItUnderTheSameId() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(ServerInterceptors.intercept(new ScriptedIngest(), new TokenCapture()))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();

    EdgeAgent agent =
        Frames.agent(
            Frames.trigger("good", "frame.takeover").priority(90).build(),
            Frames.trigger("bad", "frame.takeover").priority(10).build());
    Map<String, UploadAck> acks = new ConcurrentHashMap<>();
    try (Uplink uplink =
        Uplink.over(
            channel,
            new Uplink.Options(
                2, Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMillis(40), 16),
            (device, clip, ack) ->
                acks.merge(
                    ack.getClipId(),
                    ack,
                    (a, b) -> {
                      throw new AssertionError("acknowledged twice: " + a.getClipId());
                    }))) {
      uplink.attach(agent, () -> "token-of-" + agent.device().id());
      Frames.drive(agent, 20, i -> i == 3 || i == 12); // 2 good clips, 2 bad ones

      await("outbox settled").atMost(Duration.ofSeconds(20)).until(() -> agent.outbox().isEmpty());
    }

    AgentCounters c = agent.counters();
    TriggerCounters good = c.trigger("datatrigger/test/good");
    TriggerCounters bad = c.trigger("datatrigger/test/bad");
    assertThat(good.uploadedClips()).isEqualTo(2);
    assertThat(good.uploadedBytes()).isPositive();
    assertThat(bad.refused()).isEqualTo(2);
    assertThat(bad.uploadedClips()).isZero();
    assertThat(c.failedUploads()).as("three UNAVAILABLE answers").isEqualTo(3);
    assertThat(acks).hasSize(2);
    int calls = attempts.values().stream().mapToInt(AtomicInteger::get).sum();
    assertThat(attempts).as("four distinct clip ids").hasSize(4);
    assertThat(calls).as("each retry reused its clip id").isEqualTo(4 + 3);
    assertThat(tokens).allMatch(t -> t.equals("Device token-of-" + Frames.DEVICE.id()));
  }

  /** Keeps the authorization metadata of the current call for the service to read. */
  static final class TokenCapture implements ServerInterceptor {
    private static final Context.Key<String> KEY = Context.key("authorization");

    static String current() {
      return KEY.get();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      Context ctx = Context.current().withValue(KEY, headers.get(IngestClient.AUTHORIZATION));
      return Contexts.interceptCall(ctx, call, headers, next);
    }
  }
}
