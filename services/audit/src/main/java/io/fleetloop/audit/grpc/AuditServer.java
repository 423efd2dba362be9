package io.fleetloop.audit.grpc;

import io.fleetloop.audit.app.AuditService;
import io.fleetloop.audit.client.AuditClient;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Serves the audit service over gRPC: the public query service on one port and the internal append
 * service on another (or both on one port when they are the same), the append service behind a
 * bearer token when one is configured.
 */
public final class AuditServer implements AutoCloseable {

  private final List<Server> servers = new ArrayList<>();
  private int publicPort = -1;
  private int internalPort = -1;

  private AuditServer() {}

  /**
   * @param publicPort 0 for any free port
   * @param internalPort equal to {@code publicPort} to serve both on one port; 0 for any free port
   */
  public static AuditServer start(
      AuditService service, String host, int publicPort, int internalPort, String appendToken)
      throws IOException {
    AuditServer s = new AuditServer();
    var query = new AuditGrpcServices.Query(service);
    var log =
        ServerInterceptors.intercept(
            new AuditGrpcServices.Log(service), new BearerTokenInterceptor(appendToken));
    if (publicPort == internalPort && publicPort != 0) {
      Server server =
          NettyServerBuilder.forAddress(new InetSocketAddress(host, publicPort))
              .addService(query)
              .addService(log)
              .build()
              .start();
      s.servers.add(server);
      s.publicPort = server.getPort();
      s.internalPort = server.getPort();
    } else {
      Server pub =
          NettyServerBuilder.forAddress(new InetSocketAddress(host, publicPort))
              .addService(query)
              .build()
              .start();
      s.servers.add(pub);
      Server internal =
          NettyServerBuilder.forAddress(new InetSocketAddress(host, internalPort))
              .addService(log)
              .build()
              .start();
      s.servers.add(internal);
      s.publicPort = pub.getPort();
      s.internalPort = internal.getPort();
    }
    return s;
  }

  public int publicPort() {
    return publicPort;
  }

  public int internalPort() {
    return internalPort;
  }

  /** Blocks until the servers stop. */
  public void awaitTermination() throws InterruptedException {
    for (Server server : servers) {
      server.awaitTermination();
    }
  }

  @Override
  public void close() {
    for (Server server : servers) {
      server.shutdown();
    }
    for (Server server : servers) {
      try {
        if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
          server.shutdownNow();
        }
      } catch (InterruptedException e) {
        server.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Refuses calls without {@code authorization: Bearer <token>} when a token is configured. */
  static final class BearerTokenInterceptor implements ServerInterceptor {
    private final byte[] expected;

    BearerTokenInterceptor(String token) {
      this.expected =
          token == null || token.isEmpty()
              ? null
              : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      if (expected != null) {
        String presented = headers.get(AuditClient.AUTHORIZATION);
        if (presented == null
            || !MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
          call.close(
              Status.UNAUTHENTICATED.withDescription("appending needs the audit token"),
              new Metadata());
          return new ServerCall.Listener<>() {};
        }
      }
      return next.startCall(call, headers);
    }
  }
}
