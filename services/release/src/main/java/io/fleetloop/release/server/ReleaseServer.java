package io.fleetloop.release.server;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetloop.ingest.api.DeviceRegistry;
import io.fleetloop.release.core.AssignmentPolicy;
import io.fleetloop.release.core.DeviceDirectory;
import io.fleetloop.release.core.ExposureBook;
import io.fleetloop.release.core.ReportBook;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One release channel replica: informers on DataTriggers and FleetReleases, the device directory,
 * the report book and the gRPC server (docs/release-channel.md). The Kubernetes client belongs to
 * the caller.
 *
 * <pre>{@code
 * try (ReleaseServer channel = ReleaseServer.start(ReleaseConfig.local(token), client, keys,
 *     Clock.systemUTC())) {
 *   String target = channel.target();
 * }
 * }</pre>
 */
public final class ReleaseServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ReleaseServer.class);

  private final Server server;
  private final ResourceCache cache;
  private final String bindHost;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private ReleaseServer(Server server, ResourceCache cache, String bindHost) {
    this.server = server;
    this.cache = cache;
    this.bindHost = bindHost;
  }

  /**
   * Starts the informers (returns once their caches are synced) and serves gRPC.
   *
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static ReleaseServer start(
      ReleaseConfig config, KubernetesClient client, DeviceRegistry devices, Clock clock) {
    ReportBook book = new ReportBook();
    ResourceCache cache =
        ResourceCache.start(
            client, config.namespaces(), t -> book.forgetOlderThan(t.id(), t.generation()));
    ReleaseChannelService service =
        new ReleaseChannelService(
            cache,
            new AssignmentPolicy(config.pollAfterSeconds()),
            new DeviceDirectory(),
            book,
            new ExposureBook(),
            config.activeWindow(),
            clock);
    Server server;
    try {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress(config.bindHost(), config.port()))
              .addService(
                  ServerInterceptors.intercept(
                      service,
                      new AuthInterceptor(
                          new Authenticator(devices, config.serviceToken(), clock))))
              .build()
              .start();
    } catch (IOException e) {
      cache.close();
      throw new UncheckedIOException(
          "the release channel cannot listen on " + config.bindHost() + ":" + config.port(), e);
    }
    log.info(
        "release channel serving on {}:{} (namespaces {}, {} devices registered, service token {})",
        config.bindHost(),
        server.getPort(),
        config.namespaces().isEmpty() ? "all" : config.namespaces(),
        devices.size(),
        config.serviceToken().isPresent() ? "set" : "not set: TriggerStats refused");
    return new ReleaseServer(server, cache, config.bindHost());
  }

  /** The port served. */
  public int port() {
    return server.getPort();
  }

  /** {@code host:port} for clients ({@code 127.0.0.1} when bound to every interface). */
  public String target() {
    String host = "0.0.0.0".equals(bindHost) ? "127.0.0.1" : bindHost;
    return host + ":" + port();
  }

  /** True while serving and every informer watches. */
  public boolean isReady() {
    return !stopped.get() && cache.isWatching();
  }

  /** Stops serving and the informers. Idempotent. */
  @Override
  public void close() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      cache.close();
      log.info("release channel stopped");
    }
  }
}
