package io.fleetloop.ingest.server;

import io.fleetloop.audit.api.event.ClipsIngested;
import io.fleetloop.ingest.api.DeviceRegistry;
import io.fleetloop.ingest.api.DeviceToken;
import io.fleetloop.ingest.client.IngestClient;
import io.fleetloop.ingest.grpc.ClipIngested;
import io.fleetloop.ingest.index.IndexSegments;
import io.fleetloop.ingest.lineage.LineageBatcher;
import io.fleetloop.ingest.store.ClipStore;
import io.fleetloop.ingest.store.S3Connection;
import io.fleetloop.local.ComponentKind;
import io.fleetloop.local.LocalStack;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;

/**
 * An ingest server on the local stack's real S3 server and Pulsar broker, with a bucket and topic
 * of its own, a consumer that counts what was published, and devices with signed tokens.
 */
public final class IngestEnvironment implements AutoCloseable {

  public final S3Connection storage;
  public final MinioClient s3;
  public final PulsarClient pulsar;
  public final DeviceRegistry devices = new DeviceRegistry();
  public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  public final List<ClipsIngested> lineage = Collections.synchronizedList(new ArrayList<>());
  public final String bucket;
  public final String topic;
  private final Consumer<byte[]> consumer;
  private final List<Message<byte[]>> received = new ArrayList<>();
  private IngestConfig config;
  private IngestServer server;
  private ManagedChannel channel;

  /** On the JVM-wide test stack (in-memory S3, Pulsar without journal sync). */
  public IngestEnvironment(String name, IngestConfig base) throws Exception {
    this(LocalStack.shared(ComponentKind.S3, ComponentKind.PULSAR), name, base);
  }

  /** On a given stack with S3 and Pulsar started. */
  public IngestEnvironment(LocalStack stack, String name, IngestConfig base) throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    bucket = name + "-" + suffix;
    topic = "persistent://public/default/" + name + "-" + suffix;
    // the upload path's S3 client settings (S3Clients): the raw baselines of the benchmark use
    // this client too
    storage = connect(stack);
    s3 = storage.client();
    pulsar =
        PulsarClient.builder()
            .serviceUrl(stack.pulsar().serviceUrl())
            .operationTimeout(15, TimeUnit.SECONDS)
            .build();
    consumer =
        pulsar
            .newConsumer(Schema.BYTES)
            .topic(topic)
            .subscriptionName("count")
            .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
            .receiverQueueSize(1000)
            .subscribe();
    config = base.withPort(0).withBucket(bucket).withTopic(topic);
    startServer();
    channel = ManagedChannelBuilder.forTarget("127.0.0.1:" + server.port()).usePlaintext().build();
  }

  private void startServer() throws Exception {
    server =
        IngestServer.start(
            config,
            "127.0.0.1",
            devices,
            storage,
            pulsar,
            new LineageBatcher(lineage::addAll, 200, Duration.ofMillis(200)),
            meters,
            Clock.systemUTC());
    config = config.withPort(server.port());
  }

  /** Stops the server ({@code grace} for calls in flight) and starts a new one on the same port. */
  public void restart(Duration grace) throws Exception {
    server.stop(grace);
    startServer();
  }

  /** Stops the server for good (e.g. to check what a stopped replica left behind). */
  public void stopServer() throws Exception {
    server.stop(Duration.ofSeconds(2));
  }

  public IngestServer server() {
    return server;
  }

  public ManagedChannel channel() {
    return channel;
  }

  /** A connection to the stack's S3 server with the upload path's settings. */
  public static S3Connection connect(LocalStack stack) {
    return S3Connection.open(
        stack.s3().endpoint(), stack.s3().accessKey(), stack.s3().secretKey(), stack.s3().region());
  }

  public static byte[] keyOf(String deviceId) {
    return ("secret-of-" + deviceId).getBytes(StandardCharsets.UTF_8);
  }

  public String register(String deviceId) {
    devices.register(deviceId, keyOf(deviceId));
    return deviceId;
  }

  public static String token(String deviceId) {
    return DeviceToken.sign(deviceId, Instant.now().plusSeconds(3600), keyOf(deviceId));
  }

  public IngestClient client(String deviceId, IngestClient.Options options) {
    return IngestClient.over(channel, () -> token(deviceId), options);
  }

  public IngestClient client(String deviceId) {
    return client(deviceId, IngestClient.Options.defaults().withMaxAttempts(1));
  }

  public long objects(String prefix) throws Exception {
    long n = 0;
    for (Result<Item> r :
        s3.listObjects(
            ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
      r.get();
      n++;
    }
    return n;
  }

  public long payloads() throws Exception {
    return objects(ClipStore.PAYLOAD_PREFIX);
  }

  /**
   * Distinct clip ids in the durable index (segments and snapshots in object storage), after a
   * checkpoint of what the running server holds.
   */
  public long indexed() throws Exception {
    server.index().checkpoint();
    return indexedDurably();
  }

  /** Distinct clip ids in the durable index now, without asking the server to checkpoint. */
  public long indexedDurably() throws Exception {
    IndexSegments segments = new IndexSegments(s3, bucket);
    Set<String> ids = new HashSet<>();
    for (String key : segments.list()) {
      segments.read(key).forEach(e -> ids.add(e.clipId()));
    }
    return ids.size();
  }

  /** Kills the server the way a crashed process ends, then starts a new one on the same port. */
  public void crashAndRestart() throws Exception {
    server.halt();
    startServer();
  }

  /**
   * Every message published so far: receives until {@code atLeast} arrived, then until the topic
   * stays quiet for {@code quiet} (so extra, duplicate messages would be seen too).
   */
  public List<Message<byte[]>> published(int atLeast, Duration quiet) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (received.size() < atLeast && System.nanoTime() < deadline) {
      Message<byte[]> m = consumer.receive(1, TimeUnit.SECONDS);
      if (m != null) {
        received.add(m);
        consumer.acknowledge(m);
      }
    }
    Message<byte[]> m;
    while ((m = consumer.receive((int) quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
      received.add(m);
      consumer.acknowledge(m);
    }
    return List.copyOf(received);
  }

  public static ClipIngested parse(Message<byte[]> m) throws Exception {
    return ClipIngested.parseFrom(m.getValue());
  }

  @Override
  public void close() throws Exception {
    try {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.stop(Duration.ofSeconds(2));
    } finally {
      consumer.close();
      pulsar.close();
      storage.close();
    }
  }
}
