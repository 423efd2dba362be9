package io.fleetloop.curator.server;

import io.fleetloop.audit.client.InMemoryAuditRecorder;
import io.fleetloop.codec.ClipFormat;
import io.fleetloop.codec.ClipFrames;
import io.fleetloop.codec.CodecResolver;
import io.fleetloop.codec.RawFeatureCodec;
import io.fleetloop.curator.core.LabeledClip;
import io.fleetloop.curator.store.CurationStore;
import io.fleetloop.dataset.DatasetManifest;
import io.fleetloop.ingest.grpc.ClipHeader;
import io.fleetloop.ingest.grpc.ClipIngested;
import io.fleetloop.ingest.grpc.ClipMetadata;
import io.fleetloop.local.ComponentKind;
import io.fleetloop.local.LocalStack;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.BatcherBuilder;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;

/**
 * Curator replicas on the local stack's real S3 server and Pulsar broker, with a bucket and topic
 * of their own; stores payloads and publishes ClipIngested the way ingest does.
 */
final class CuratorEnvironment implements AutoCloseable {
  final MinioClient s3;
  final PulsarClient pulsar;
  final String bucket;
  final String clipBucket;
  final String topic;
  final CuratorConfig config;
  final InMemoryAuditRecorder audit = new InMemoryAuditRecorder();
  final CurationStore store;
  private final Producer<byte[]> producer;
  private final Consumer<byte[]> deadLetters;
  private final List<CuratorServer> servers = new ArrayList<>();

  CuratorEnvironment(String name) throws Exception {
    LocalStack stack = LocalStack.shared(ComponentKind.S3, ComponentKind.PULSAR);
    String suffix = UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    bucket = name + "-" + suffix;
    clipBucket = name + "-clips-" + suffix;
    topic = "persistent://public/default/" + name + "-" + suffix;
    s3 = stack.s3().newClient();
    s3.makeBucket(MakeBucketArgs.builder().bucket(clipBucket).build());
    pulsar =
        PulsarClient.builder()
            .serviceUrl(stack.pulsar().serviceUrl())
            .operationTimeout(15, TimeUnit.SECONDS)
            .build();
    config =
        CuratorConfig.defaults()
            .withPort(0)
            .withBucket(bucket)
            .withTopic(topic)
            .withRedelivery(2, Duration.ofMillis(100))
            .withBatch(50, Duration.ofMillis(20))
            .withWorkerThreads(4);
    store = new CurationStore(s3, bucket);
    deadLetters =
        pulsar
            .newConsumer(Schema.BYTES)
            .topic(config.deadLetterTopic())
            .subscriptionName(config.subscription() + "-dlq")
            .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
            .subscribe();
    producer =
        pulsar
            .newProducer(Schema.BYTES)
            .topic(topic)
            .enableBatching(true)
            .batcherBuilder(BatcherBuilder.KEY_BASED)
            .batchingMaxPublishDelay(1, TimeUnit.MILLISECONDS)
            .blockIfQueueFull(true)
            .create();
  }

  CuratorServer startReplica(String name) throws Exception {
    CuratorServer server =
        CuratorServer.start(
            config.withConsumerName(name),
            "127.0.0.1",
            s3,
            pulsar,
            new CodecResolver(),
            audit,
            new SimpleMeterRegistry(),
            Clock.systemUTC());
    servers.add(server);
    return server;
  }

  /** A clip as a device would send it, with ingest's ClipIngested. */
  record Sent(String clipId, String deviceId, String digest, ClipIngested message) {}

  /** Stores the payload content-addressed (as ingest does) and builds its ClipIngested. */
  Sent store(String deviceId, String triggerId, ClipFrames frames, boolean takeover)
      throws Exception {
    byte[] payload = ClipFormat.write(frames, RawFeatureCodec.INSTANCE);
    String digest = DatasetManifest.digestOf(payload);
    String hex = digest.substring(7);
    String key = "clips/sha256/" + hex.substring(0, 2) + "/" + hex;
    s3.putObject(
        PutObjectArgs.builder().bucket(clipBucket).object(key).stream(
                new ByteArrayInputStream(payload), payload.length, -1)
            .build());
    return message(UUID.randomUUID().toString(), deviceId, triggerId, digest, key, takeover);
  }

  Sent message(
      String clipId,
      String deviceId,
      String triggerId,
      String digest,
      String key,
      boolean takeover) {
    ClipIngested msg =
        ClipIngested.newBuilder()
            .setHeader(
                ClipHeader.newBuilder()
                    .setClipId(clipId)
                    .setDeviceId(deviceId)
                    .setTriggerId(triggerId)
                    .setCodecVersion(RawFeatureCodec.VERSION)
                    .setMetadata(ClipMetadata.newBuilder().setTakeover(takeover)))
            .setDigest(digest)
            .setObjectUri("s3://" + clipBucket + "/" + key)
            .build();
    return new Sent(clipId, deviceId, digest, msg);
  }

  /** Stores raw bytes as a payload and names them with the given digest. */
  Sent storeRaw(String deviceId, byte[] payload, String digest) throws Exception {
    String hex = DatasetManifest.digestOf(payload).substring(7);
    String key = "clips/sha256/" + hex.substring(0, 2) + "/" + hex;
    s3.putObject(
        PutObjectArgs.builder().bucket(clipBucket).object(key).stream(
                new ByteArrayInputStream(payload), payload.length, -1)
            .build());
    return message(
        UUID.randomUUID().toString(), deviceId, "datatrigger/demo/raw", digest, key, false);
  }

  void publish(Sent sent) throws Exception {
    producer
        .newMessage()
        .key(sent.deviceId())
        .value(sent.message().toByteArray())
        .property("clipId", sent.clipId())
        .property("digest", sent.digest())
        .send();
  }

  void publishRaw(String deviceId, String clipId, byte[] value) throws Exception {
    producer.newMessage().key(deviceId).value(value).property("clipId", clipId).send();
  }

  /** Clip ids of the dead-letter messages received until the topic is quiet for {@code quiet}. */
  List<String> deadLetters(int atLeast, Duration quiet) throws Exception {
    List<String> ids = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (ids.size() < atLeast && System.nanoTime() < deadline) {
      Message<byte[]> m = deadLetters.receive(1, TimeUnit.SECONDS);
      if (m != null) {
        ids.add(m.getProperty("clipId"));
        deadLetters.acknowledge(m);
      }
    }
    Message<byte[]> m;
    while ((m = deadLetters.receive((int) quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
      ids.add(m.getProperty("clipId"));
      deadLetters.acknowledge(m);
    }
    return ids;
  }

  /** How many label records each clip id has in storage (every batch object read). */
  Map<String, Integer> storedLabelRecords() throws Exception {
    Map<String, Integer> counts = new HashMap<>();
    for (String key : store.list(CurationStore.LABELS_PREFIX)) {
      for (LabeledClip c : store.readLabelBatch(key)) {
        counts.merge(c.clipId(), 1, Integer::sum);
      }
    }
    return counts;
  }

  @Override
  public void close() throws Exception {
    for (CuratorServer s : servers) {
      s.close();
    }
    producer.close();
    deadLetters.close();
    pulsar.close();
    s3.close();
  }
}
