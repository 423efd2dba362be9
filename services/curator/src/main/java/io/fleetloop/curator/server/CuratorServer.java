package io.fleetloop.curator.server;

import io.fleetloop.audit.client.AuditRecorder;
import io.fleetloop.codec.CodecResolver;
import io.fleetloop.curator.consume.ClipConsumer;
import io.fleetloop.curator.consume.ClipProcessor;
import io.fleetloop.curator.consume.CurationMetrics;
import io.fleetloop.curator.core.Balancer;
import io.fleetloop.curator.core.ClipLabeler;
import io.fleetloop.curator.core.PoisonReport;
import io.fleetloop.curator.core.SnapshotPlanner;
import io.fleetloop.curator.store.CurationStore;
import io.fleetloop.curator.store.LabelIndex;
import io.fleetloop.curator.store.SnapshotRegistry;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.minio.MinioClient;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pulsar.client.api.PulsarClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One curator replica: the label index rebuilt from object storage, a Key_Shared consumer of
 * ClipIngested, and the gRPC service that answers pending samples and cuts snapshots. The S3 and
 * Pulsar clients belong to the caller.
 */
public final class CuratorServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CuratorServer.class);

  private final CuratorConfig config;
  private final Server server;
  private final ClipConsumer consumer;
  private final ExecutorService workers;
  private final CurationMetrics metrics;
  private final LabelIndex index;
  private final Snapshotter snapshotter;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private CuratorServer(
      CuratorConfig config,
      Server server,
      ClipConsumer consumer,
      ExecutorService workers,
      CurationMetrics metrics,
      LabelIndex index,
      Snapshotter snapshotter) {
    this.config = config;
    this.server = server;
    this.consumer = consumer;
    this.workers = workers;
    this.metrics = metrics;
    this.index = index;
    this.snapshotter = snapshotter;
  }

  /**
   * Creates the bucket if needed, rebuilds the label index and snapshot registry from storage,
   * subscribes, and starts serving gRPC on {@code bindHost}.
   *
   * @param codecs the codecs clips may be encoded with
   * @param audit where DatasetSnapshotCut is recorded
   */
  public static CuratorServer start(
      CuratorConfig config,
      String bindHost,
      MinioClient s3,
      PulsarClient pulsar,
      CodecResolver codecs,
      AuditRecorder audit,
      MeterRegistry meters,
      Clock clock)
      throws Exception {
    CurationStore store = new CurationStore(s3, config.bucket());
    store.ensureBucket();
    LabelIndex index = new LabelIndex(store);
    index.refresh();
    SnapshotRegistry registry = new SnapshotRegistry(store);
    registry.refresh();
    LOG.info(
        "curator {}: {} labeled clips in {} ({} duplicate records)",
        config.consumerName(),
        index.size(),
        config.bucket(),
        index.duplicateRecords());
    CurationMetrics metrics = new CurationMetrics(meters);
    AtomicInteger threads = new AtomicInteger();
    ExecutorService workers =
        Executors.newFixedThreadPool(
            config.workerThreads(),
            r -> {
              Thread t = new Thread(r, "curator-worker-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    ClipProcessor processor =
        new ClipProcessor(store, index, codecs, new ClipLabeler(config.shadowThreshold()), clock);
    Snapshotter snapshotter =
        new Snapshotter(
            store, index, registry, new SnapshotPlanner(Balancer.defaults()), audit, clock);
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(bindHost, config.port()))
            .addService(new CuratorService(snapshotter))
            .build()
            .start();
    ClipConsumer consumer;
    try {
      consumer =
          ClipConsumer.start(
              pulsar,
              new ClipConsumer.Settings(
                  config.topic(),
                  config.subscription(),
                  config.deadLetterTopic(),
                  config.consumerName(),
                  config.maxRedeliverCount(),
                  config.negativeAckDelay(),
                  config.batchMaxMessages(),
                  config.batchTimeout()),
              processor,
              store,
              index,
              metrics,
              workers,
              clock);
    } catch (Exception e) {
      server.shutdownNow();
      workers.shutdownNow();
      throw e;
    }
    LOG.info("curator {} serving gRPC on {}:{}", config.consumerName(), bindHost, server.getPort());
    return new CuratorServer(
        config.withPort(server.getPort()), server, consumer, workers, metrics, index, snapshotter);
  }

  /** The gRPC port. */
  public int port() {
    return server.getPort();
  }

  /** The settings, with the bound port. */
  public CuratorConfig config() {
    return config;
  }

  /** Counters of this replica. */
  public CurationMetrics metrics() {
    return metrics;
  }

  /** Messages this replica sent to the dead-letter topic, oldest first (the last 1,000). */
  public List<PoisonReport> poisonReports() {
    return metrics.poisonReports();
  }

  /** The label index (every labeled clip known to this replica). */
  public LabelIndex index() {
    return index;
  }

  /** The snapshot cutter (also behind the gRPC service). */
  public Snapshotter snapshotter() {
    return snapshotter;
  }

  /** Stops consuming (unacknowledged messages are redelivered) and serving. */
  public void stop(Duration grace) throws InterruptedException {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    consumer.close();
    shutdown(grace);
  }

  /** Simulates a crash: the consumer is closed at once, mid-batch. */
  public void kill() throws InterruptedException {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    consumer.kill();
    shutdown(Duration.ZERO);
  }

  private void shutdown(Duration grace) throws InterruptedException {
    server.shutdown();
    if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      server.shutdownNow();
      server.awaitTermination(5, TimeUnit.SECONDS);
    }
    workers.shutdownNow();
    LOG.info("curator {} stopped", config.consumerName());
  }

  @Override
  public void close() throws InterruptedException {
    stop(Duration.ofSeconds(5));
  }
}
