package io.fleetloop.ingest.server;

import io.fleetloop.ingest.api.DeviceRegistry;
import io.fleetloop.ingest.core.DeviceAuthenticator;
import io.fleetloop.ingest.core.RateLimiter;
import io.fleetloop.ingest.grpc.IngestGrpc;
import io.fleetloop.ingest.grpc.UploadAck;
import io.fleetloop.ingest.grpc.UploadChunk;
import io.fleetloop.ingest.index.DurableClipIndex;
import io.fleetloop.ingest.index.IndexSegments;
import io.fleetloop.ingest.index.PublishedLog;
import io.fleetloop.ingest.lineage.LineageBatcher;
import io.fleetloop.ingest.store.ClipPublisher;
import io.fleetloop.ingest.store.ClipStore;
import io.fleetloop.ingest.store.S3Connection;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pulsar.client.api.PulsarClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ingest replica: the gRPC server with authentication, the S3 store, the Pulsar producer, the
 * durable clip index (loaded and replayed before serving) and the lineage batcher. The S3 and
 * Pulsar clients belong to the caller.
 */
public final class IngestServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IngestServer.class);

  /** Initial HTTP/2 flow-control window of a connection and of each stream (bytes). */
  static final int FLOW_CONTROL_WINDOW = 8 << 20;

  private final IngestConfig config;
  private final Server server;
  private final IngestService service;
  private final ClipPublisher publisher;
  private final DurableClipIndex index;
  private final LineageBatcher lineage;
  private final ExecutorService executor;
  private final IngestMetrics metrics;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final int port;

  private IngestServer(
      IngestConfig config,
      Server server,
      IngestService service,
      ClipPublisher publisher,
      DurableClipIndex index,
      LineageBatcher lineage,
      ExecutorService executor,
      IngestMetrics metrics) {
    this.config = config;
    this.server = server;
    this.service = service;
    this.publisher = publisher;
    this.index = index;
    this.lineage = lineage;
    this.executor = executor;
    this.metrics = metrics;
    this.port = server.getPort();
  }

  /** Creates the bucket if needed, connects the producer and starts serving on loopback/any. */
  public static IngestServer start(
      IngestConfig config,
      String bindHost,
      DeviceRegistry devices,
      S3Connection s3,
      PulsarClient pulsar,
      LineageBatcher lineage,
      MeterRegistry meters,
      Clock clock)
      throws Exception {
    ClipStore store = new ClipStore(s3, config.bucket());
    store.ensureBucket();
    // the subscription exists before the first publish, so it covers every message of this replica
    DurableClipIndex index =
        DurableClipIndex.open(
            new IndexSegments(s3.client(), config.bucket()),
            PublishedLog.open(pulsar, config.topic(), config.indexSubscription()),
            config.index());
    ClipPublisher publisher;
    try {
      publisher = new ClipPublisher(pulsar, config.topic(), config.producerName());
    } catch (Exception e) {
      index.close();
      throw e;
    }
    IngestMetrics metrics = new IngestMetrics(meters);
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "ingest-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    IngestService service =
        new IngestService(
            config.limits(),
            new RateLimiter(config.limits(), clock),
            store,
            publisher,
            index,
            lineage,
            metrics,
            clock);
    Server server;
    try {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress(bindHost, config.port()))
              .executor(executor)
              .withOption(ChannelOption.SO_REUSEADDR, true)
              .maxInboundMessageSize(4 << 20)
              // all devices behind one HTTP/2 connection (a gateway, the simulator's channel)
              // share its flow-control window: grpc-java's default 1 MiB (tuned upwards only by
              // its bandwidth probe) let 32 uploads of 512 KiB each wait for window updates
              .initialFlowControlWindow(FLOW_CONTROL_WINDOW)
              .addService(
                  ServerInterceptors.intercept(
                      lenient(service),
                      new AuthInterceptor(new DeviceAuthenticator(devices, clock), metrics)))
              .build()
              .start();
    } catch (IOException e) {
      publisher.close();
      index.close();
      executor.shutdownNow();
      throw e;
    }
    LOG.info(
        "ingest serving on {}:{} (bucket {}, topic {})",
        bindHost,
        server.getPort(),
        config.bucket(),
        config.topic());
    return new IngestServer(config, server, service, publisher, index, lineage, executor, metrics);
  }

  /** The service with the lenient request marshaller (malformed bytes → INVALID_ARGUMENT). */
  @SuppressWarnings("unchecked")
  private static ServerServiceDefinition lenient(IngestService service) {
    ServerServiceDefinition bound = service.bindService();
    MethodDescriptor<UploadChunk, UploadAck> upload = IngestGrpc.getUploadMethod();
    ServerMethodDefinition<UploadChunk, UploadAck> def =
        (ServerMethodDefinition<UploadChunk, UploadAck>)
            bound.getMethod(upload.getFullMethodName());
    MethodDescriptor<UploadChunk, UploadAck> lenient =
        upload.toBuilder(
                new LenientMarshaller(upload.getRequestMarshaller()),
                upload.getResponseMarshaller())
            .build();
    return ServerServiceDefinition.builder(bound.getServiceDescriptor().getName())
        .addMethod(lenient, def.getServerCallHandler())
        .build();
  }

  public int port() {
    return port;
  }

  public IngestMetrics metrics() {
    return metrics;
  }

  public IngestConfig config() {
    return config;
  }

  /** The idempotency index (clips known, clips checkpointed). */
  public DurableClipIndex index() {
    return index;
  }

  /**
   * Stops: no new calls; calls in flight get {@code grace} to finish, then are cancelled; uploads
   * already storing/publishing finish their durable work and are checkpointed into the index before
   * the producer is flushed and closed.
   */
  public void stop(Duration grace) throws Exception {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    server.shutdown();
    if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      server.shutdownNow();
      server.awaitTermination(5, TimeUnit.SECONDS);
    }
    if (!service.awaitIdle(Duration.ofSeconds(30))) {
      LOG.warn("uploads still committing after 30 s; closing anyway");
    }
    executor.shutdown();
    try {
      index.close();
    } finally {
      lineage.close();
      publisher.close();
    }
    LOG.info("ingest on port {} stopped", port);
  }

  /**
   * Stops the way a killed process does, for crash tests and drills: calls are cut, nothing is
   * drained, no last index checkpoint is written and unflushed lineage is dropped. What the broker
   * and object storage already hold stays; the next replica recovers from it.
   */
  public void halt() throws Exception {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    server.shutdownNow();
    executor.shutdownNow();
    index.halt();
    lineage.abandon();
    publisher.close();
    server.awaitTermination(5, TimeUnit.SECONDS);
    LOG.info("ingest on port {} halted (no drain, no checkpoint)", port);
  }

  @Override
  public void close() throws Exception {
    stop(Duration.ofSeconds(5));
  }
}
