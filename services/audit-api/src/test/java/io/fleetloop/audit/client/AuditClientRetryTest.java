package io.fleetloop.audit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetloop.audit.api.event.ReleasePaused;
import io.fleetloop.audit.grpc.AppendRequest;
import io.fleetloop.audit.grpc.AppendResult;
import io.fleetloop.audit.grpc.AuditLogGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's retry policy against a scripted in-process server (the server side is tested for
 * real in the audit service's integration tests).
 */
class AuditClientRetryTest {

  private final List<AppendRequest> received = new CopyOnWriteArrayList<>();
  private final List<Status> script = new CopyOnWriteArrayList<>();
  private Server server;
  private ManagedChannel channel;
  private AuditClient client;

  @BeforeEach
  void setUp() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(
                new AuditLogGrpc.AuditLogImplBase() {
                  @Override
                  public void append(AppendRequest request, StreamObserver<AppendResult> out) {
                    received.add(request);
                    if (!script.isEmpty()) {
                      out.onError(script.remove(0).asException());
                      return;
                    }
                    out.onNext(
                        AppendResult.newBuilder()
                            .setOutcome(AppendResult.Outcome.APPENDED)
                            .setStreamId("fleetrelease/p/r")
                            .setGlobalIndex(7)
                            .build());
                    out.onCompleted();
                  }
                })
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    client =
        AuditClient.over(
            channel,
            new AuditClient.Options(
                Duration.ofSeconds(5), 4, Duration.ofMillis(1), Duration.ofMillis(2), null));
  }

  @AfterEach
  void tearDown() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void transientFailuresAreRetriedWithTheSameKey() {
    script.add(Status.UNAVAILABLE);
    script.add(Status.DEADLINE_EXCEEDED);
    Appended a = client.append(new ReleasePaused("fleetrelease/p/r", "x"), "key-1", "test");
    assertThat(a.outcome()).isEqualTo(Outcome.APPENDED);
    assertThat(a.globalIndex()).isEqualTo(7);
    assertThat(received).hasSize(3);
    assertThat(received).extracting(AppendRequest::getIdempotencyKey).containsOnly("key-1");
    assertThat(received.get(0).getEventType()).isEqualTo("ReleasePaused");
  }

  @Test
  void refusalsAreNotRetried() {
    script.add(Status.FAILED_PRECONDITION.withDescription("no candidate is rolling out"));
    assertThatThrownBy(() -> client.append(new ReleasePaused("fleetrelease/p/r", "x"), "k", "t"))
        .isInstanceOf(AuditException.class)
        .hasMessageContaining("no candidate is rolling out")
        .satisfies(e -> assertThat(((AuditException) e).code()).isEqualTo("FAILED_PRECONDITION"));
    assertThat(received).hasSize(1);
  }

  @Test
  void givesUpAfterTheLastAttempt() {
    for (int i = 0; i < 4; i++) {
      script.add(Status.UNAVAILABLE);
    }
    assertThatThrownBy(() -> client.append(new ReleasePaused("fleetrelease/p/r", "x"), "k", "t"))
        .satisfies(e -> assertThat(((AuditException) e).code()).isEqualTo("UNAVAILABLE"));
    assertThat(received).hasSize(4);
  }
}
