package io.fleetloop.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetloop.codec.ClipFormat;
import io.fleetloop.codec.ClipFrames;
import io.fleetloop.codec.CodecResolver;
import io.fleetloop.ingest.api.DeviceRegistry;
import io.fleetloop.ingest.core.IngestLimits;
import io.fleetloop.ingest.grpc.ClipIngested;
import io.fleetloop.ingest.grpc.UploadAck;
import io.fleetloop.ingest.lineage.LineageBatcher;
import io.fleetloop.ingest.server.IngestConfig;
import io.fleetloop.ingest.server.IngestServer;
import io.fleetloop.ingest.store.ClipStore;
import io.fleetloop.ingest.store.S3Connection;
import io.fleetloop.local.ComponentKind;
import io.fleetloop.local.LocalStack;
import io.fleetloop.world.Driver;
import io.fleetloop.world.FleetSimulator;
import io.fleetloop.world.PolicyFeatures;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.WorldConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.junit.jupiter.api.Test;

/**
 * 1,000 simulated vehicles with edge agents upload their triggered clips through ONE gRPC channel
 * to a real ingest server (in-process, on the local stack's real S3 server and Pulsar broker).
 * Mid-run ingest goes down abruptly; the vehicles keep driving and their outboxes hold the clips;
 * ingest comes back on the same port and the outboxes drain. Afterwards: acknowledged = stored in
 * S3 = published to Pulsar, once per clip, and nothing captured is lost.
 */
class FleetThroughIngestIT {

  private static final int VEHICLES = 1000;
  private static final byte[] FLEET_SECRET =
      "fleet-through-ingest".getBytes(StandardCharsets.UTF_8);

  private static List<EdgeTrigger> triggers() {
    return List.of(
        EdgeTrigger.builder(EdgeTrigger.idOf("fleet-it", "takeovers"), "frame.takeover")
            .priority(90)
            .window(Duration.ofSeconds(1), Duration.ofMillis(500))
            .cooldown(Duration.ofSeconds(10))
            .clipsPerDevicePerDay(1)
            .build(),
        EdgeTrigger.builder(
                EdgeTrigger.idOf("fleet-it", "shadow-disagreement"), "shadow.disagreement > 0.3")
            .priority(50)
            .window(Duration.ofMillis(800), Duration.ofMillis(300))
            .cooldown(Duration.ofSeconds(20))
            .clipsPerDevicePerDay(1)
            .build(),
        EdgeTrigger.builder(
                EdgeTrigger.idOf("fleet-it", "fog-construction"),
                "env.weather == 'fog' && env.zone == 'construction'")
            .priority(70)
            .window(Duration.ofMillis(600), Duration.ofMillis(200))
            .cooldown(Duration.ofSeconds(5))
            .clipsPerDevicePerDay(2)
            .build());
  }

  @Test
  void everyCapturedClipIsStoredAndPublishedOnceAcrossAnIngestOutage() throws Exception {
    LocalStack stack = LocalStack.shared(ComponentKind.S3, ComponentKind.PULSAR);
    String suffix = UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    String bucket = "edge-it-" + suffix;
    String topic = "persistent://public/default/edge-it-" + suffix;
    Function<String, byte[]> keys = DeviceKeys.derived(FLEET_SECRET);

    WorldConfig world =
        WorldConfig.defaults().toBuilder().vehicles(VEHICLES).threads(2).seed(42).build();
    FleetSimulator simulator =
        new FleetSimulator(
            world,
            Driver.MODEL,
            PolicyModel.untrained("policy", "g1", 1),
            PolicyModel.untrained("policy", "g2", 2));
    DeviceRegistry registry = new DeviceRegistry();
    for (int v = 0; v < VEHICLES; v++) {
      String id = simulator.device(v).id();
      registry.register(id, keys.apply(id));
    }
    Map<String, UploadAck> acks = new ConcurrentHashMap<>();
    AtomicInteger ackCalls = new AtomicInteger();
    AtomicInteger duplicateAcks = new AtomicInteger();
    AtomicLong ackedBytes = new AtomicLong();

    try (S3Connection storage =
            S3Connection.open(
                stack.s3().endpoint(),
                stack.s3().accessKey(),
                stack.s3().secretKey(),
                stack.s3().region());
        PulsarClient pulsar =
            PulsarClient.builder()
                .serviceUrl(stack.pulsar().serviceUrl())
                .operationTimeout(15, TimeUnit.SECONDS)
                .build();
        Consumer<byte[]> consumer =
            pulsar
                .newConsumer(Schema.BYTES)
                .topic(topic)
                .subscriptionName("edge-it")
                .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
                .receiverQueueSize(1000)
                .subscribe()) {
      IngestConfig config =
          IngestConfig.defaults()
              .withPort(0)
              .withBucket(bucket)
              .withTopic(topic)
              .withLimits(IngestLimits.defaults().withMaxClipBytes(64 * 1024));
      MinioClient s3 = storage.client();
      IngestServer ingest = start(config, registry, storage, pulsar);
      int port = ingest.port();

      try (SimulatedFleet fleet =
          SimulatedFleet.builder(simulator, TriggerSet.compile(triggers()))
              .deviceKeys(keys)
              .uplink(
                  Uplink.Options.defaults()
                      .withThreads(32)
                      .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
              .listener(
                  (device, clip, ack) -> {
                    ackCalls.incrementAndGet();
                    if (ack.getDuplicate()) {
                      duplicateAcks.incrementAndGet();
                    }
                    ackedBytes.addAndGet(clip.bytes());
                    acks.put(ack.getClipId(), ack);
                  })
              .build()) {
        fleet.start("127.0.0.1:" + port);

        // 1. ingest up: the fleet drives 20 s and uploads
        fleet.drive(200);
        await("first clips acknowledged")
            .atMost(Duration.ofSeconds(60))
            .until(() -> acks.size() > 50);

        // 2. ingest down abruptly (calls in flight cancelled); the fleet keeps driving 20 s
        ingest.stop(Duration.ZERO);
        int ackedBeforeOutage = acks.size();
        fleet.drive(200);
        await("uploads fail and the outboxes hold clips while ingest is down")
            .atMost(Duration.ofSeconds(60))
            .until(() -> fleet.counters().failedUploads() > 0 && fleet.heldClips() > 0);
        long heldDuringOutage = fleet.heldClips();

        // 3. ingest back on the same port; 20 s more driving, then everything drains
        ingest = start(config.withPort(port), registry, storage, pulsar);
        fleet.drive(200);
        fleet.flushWindows();
        assertThat(fleet.awaitUploaded(Duration.ofSeconds(120)))
            .as("outboxes drained after ingest came back")
            .isTrue();

        AgentCounters counters = fleet.counters();
        TriggerCounters total = counters.total("all");
        for (TriggerCounters t : counters.triggers()) {
          assertThat(t.captured()).as("clips captured by %s", t.triggerId()).isPositive();
          assertThat(t.fired())
              .as("every firing of %s accounted for", t.triggerId())
              .isEqualTo(
                  t.cooldownSuppressed() + t.sampledOut() + t.budgetSuppressed() + t.captured());
        }
        assertThat(counters.openWindows()).isZero();
        assertThat(total.dropped()).as("dropped").isZero();
        assertThat(total.refused()).as("refused by ingest").isZero();
        assertThat(total.uploadedClips()).as("uploaded = captured").isEqualTo(total.captured());
        int uploaded = (int) total.uploadedClips();
        assertThat(acks).as("acknowledged clip ids").hasSize(uploaded);
        assertThat(ackCalls.get())
            .as("each clip acknowledged to its agent once")
            .isEqualTo(uploaded);
        assertThat(ackedBeforeOutage).isLessThan(uploaded);
        assertThat(heldDuringOutage).isPositive();

        Set<String> digests = new HashSet<>();
        acks.values().forEach(a -> digests.add(a.getDigest()));
        assertThat(digests).as("every clip's payload is distinct").hasSize(uploaded);
        assertThat(objects(s3, bucket, ClipStore.PAYLOAD_PREFIX))
            .as("payloads in S3")
            .isEqualTo(uploaded);
        assertThat(objectBytes(s3, bucket, ClipStore.PAYLOAD_PREFIX))
            .as("payload bytes in S3")
            .isEqualTo(total.uploadedBytes())
            .isEqualTo(ackedBytes.get());

        UploadAck any = acks.values().iterator().next();
        String key = any.getObjectUri().substring(("s3://" + bucket + "/").length());
        try (var in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
          ClipFrames stored = ClipFormat.read(in.readAllBytes(), new CodecResolver());
          assertThat(stored.featureCount()).isEqualTo(PolicyFeatures.COUNT);
          assertThat(stored.frames()).isGreaterThan(stored.triggerFrame());
        }

        Map<String, Integer> published = new HashMap<>();
        int messages = 0;
        for (Message<byte[]> m : receive(consumer, uploaded, Duration.ofSeconds(3))) {
          ClipIngested c = ClipIngested.parseFrom(m.getValue());
          assertThat(m.getKey()).isEqualTo(c.getHeader().getDeviceId());
          published.merge(c.getHeader().getClipId(), 1, Integer::sum);
          messages++;
        }
        assertThat(messages).as("ClipIngested messages, no duplicates").isEqualTo(uploaded);
        assertThat(published.keySet()).as("published clip ids").isEqualTo(acks.keySet());

        System.out.printf(
            "edge fleet: %d vehicles, %d frames, %d firings, %d clips uploaded (%d bytes),"
                + " %d held during the outage, %d failed attempts, %d duplicate acks%n",
            VEHICLES,
            counters.frames(),
            total.fired(),
            uploaded,
            total.uploadedBytes(),
            heldDuringOutage,
            counters.failedUploads(),
            duplicateAcks.get());
      } finally {
        ingest.stop(Duration.ofSeconds(2));
      }
    }
  }

  private static IngestServer start(
      IngestConfig config, DeviceRegistry registry, S3Connection s3, PulsarClient pulsar)
      throws Exception {
    return IngestServer.start(
        config,
        "127.0.0.1",
        registry,
        s3,
        pulsar,
        LineageBatcher.disabled(),
        new SimpleMeterRegistry(),
        Clock.systemUTC());
  }

  private static long objects(MinioClient s3, String bucket, String prefix) throws Exception {
    long n = 0;
    for (Result<Item> r :
        s3.listObjects(
            ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
      r.get();
      n++;
    }
    return n;
  }

  private static long objectBytes(MinioClient s3, String bucket, String prefix) throws Exception {
    long n = 0;
    for (Result<Item> r :
        s3.listObjects(
            ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
      n += r.get().size();
    }
    return n;
  }

  /** Receives until {@code atLeast} arrived, then until the topic stays quiet for {@code quiet}. */
  private static List<Message<byte[]>> receive(
      Consumer<byte[]> consumer, int atLeast, Duration quiet) throws Exception {
    List<Message<byte[]>> received = new java.util.ArrayList<>();
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
    return received;
  }
}
