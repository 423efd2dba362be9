package io.fleetloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.audit.api.ResourceIds;
import io.fleetloop.audit.api.query.ClipLineage;
import io.fleetloop.audit.api.query.TimelineEntry;
import io.fleetloop.audit.api.query.VerifyReport;
import io.fleetloop.audit.app.AuditConfig;
import io.fleetloop.audit.app.AuditService;
import io.fleetloop.audit.client.AuditClient;
import io.fleetloop.audit.grpc.AuditServer;
import io.fleetloop.ingest.api.DeviceRegistry;
import io.fleetloop.ingest.api.DeviceToken;
import io.fleetloop.ingest.client.IngestClient;
import io.fleetloop.ingest.core.TestClips;
import io.fleetloop.ingest.grpc.UploadAck;
import io.fleetloop.ingest.lineage.AuditLineageSink;
import io.fleetloop.ingest.lineage.LineageBatcher;
import io.fleetloop.ingest.server.IngestConfig;
import io.fleetloop.ingest.server.IngestEnvironment;
import io.fleetloop.ingest.server.IngestServer;
import io.fleetloop.ingest.store.S3Connection;
import io.fleetloop.local.ComponentKind;
import io.fleetloop.local.LocalStack;
import io.fleetloop.local.PostgresComponent;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pulsar.client.api.PulsarClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ingest's lineage in the real audit log: the ingest server on the local stack's S3 server and
 * Pulsar broker, its lineage batcher appending through {@link AuditLineageSink} to the real audit
 * service running in-process on the stack's PostgreSQL, over loopback gRPC (append port behind a
 * token, query port without). Devices upload concurrently while size- and timer-triggered flushes
 * run; replays are acknowledged as duplicates. Read back through the public query API, every
 * accepted clip is in exactly one {@code ClipsIngested} event of its device's stream, no replay is
 * recorded twice, and the hash chain verifies. A flush that fails during an audit outage is kept
 * and recorded exactly once when the log is back.
 */
class IngestLineageIT {

  private static final String DATABASE = "ingest_lineage_it";
  private static final String TOKEN = "ingest-lineage-it-token";
  private static final List<String> DEVICES = List.of("veh-lin-a", "veh-lin-b", "veh-lin-c");
  private static final int CLIPS_PER_DEVICE = 7;

  private static AuditService auditService;
  private static AuditServer auditServer;
  private static AuditClient append;
  private static AuditClient query;
  private static S3Connection storage;
  private static MinioClient s3;
  private static PulsarClient pulsar;
  private static LineageBatcher lineage;
  private static IngestServer ingest;
  private static ManagedChannel channel;
  private static final DeviceRegistry devices = new DeviceRegistry();

  @BeforeAll
  static void start() throws Exception {
    LocalStack stack =
        LocalStack.shared(ComponentKind.POSTGRES, ComponentKind.S3, ComponentKind.PULSAR);
    PostgresComponent pg = stack.postgres();
    String url = pg.createDatabase(DATABASE);
    try (Connection c = pg.connect(DATABASE);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS audit CASCADE");
    }
    auditService = AuditService.start(AuditConfig.forDatabase(url, pg.user(), pg.password()));
    auditServer = AuditServer.start(auditService, "127.0.0.1", 0, 0, TOKEN);
    append =
        AuditClient.connect(
            "127.0.0.1:" + auditServer.internalPort(),
            AuditClient.Options.defaults().withAppendToken(TOKEN));
    query = AuditClient.connect("127.0.0.1:" + auditServer.publicPort());

    String suffix = UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    storage = IngestEnvironment.connect(stack);
    s3 = storage.client();
    pulsar =
        PulsarClient.builder()
            .serviceUrl(stack.pulsar().serviceUrl())
            .operationTimeout(15, TimeUnit.SECONDS)
            .build();
    // small batches and a short delay: size- and timer-triggered flushes race with the uploads
    lineage = new LineageBatcher(new AuditLineageSink(append), 5, Duration.ofMillis(150));
    DEVICES.forEach(d -> devices.register(d, keyOf(d)));
    ingest =
        IngestServer.start(
            IngestConfig.defaults()
                .withPort(0)
                .withBucket("ingest-lineage-" + suffix)
                .withTopic("persistent://public/default/ingest-lineage-" + suffix),
            "127.0.0.1",
            devices,
            storage,
            pulsar,
            lineage,
            new SimpleMeterRegistry(),
            Clock.systemUTC());
    channel = ManagedChannelBuilder.forTarget("127.0.0.1:" + ingest.port()).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (channel != null) {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      if (ingest != null) {
        ingest.stop(Duration.ofSeconds(2));
      }
    } finally {
      if (pulsar != null) {
        pulsar.close();
      }
      if (storage != null) {
        storage.close();
      }
      if (append != null) {
        append.close();
      }
      if (query != null) {
        query.close();
      }
      if (auditServer != null) {
        auditServer.close();
      }
      if (auditService != null) {
        auditService.close();
      }
    }
  }

  @Test
  void everyAcceptedClipIsRecordedOnceAndReplaysAreNot() throws Exception {
    // devices upload concurrently; each replays its first clip right after it was accepted
    Map<String, List<TestClips>> uploaded = new ConcurrentHashMap<>();
    long recordedBefore = lineage.recordedClips();
    ExecutorService pool = Executors.newFixedThreadPool(DEVICES.size());
    try {
      List<Future<?>> work = new ArrayList<>();
      for (String device : DEVICES) {
        work.add(
            pool.submit(
                () -> {
                  IngestClient client = client(device);
                  List<TestClips> clips = new ArrayList<>();
                  for (int i = 0; i < CLIPS_PER_DEVICE; i++) {
                    TestClips clip = TestClips.clip(device, 2048 + i);
                    assertThat(upload(client, clip).getDuplicate()).isFalse();
                    clips.add(clip);
                    if (i == 0) {
                      assertThat(upload(client, clip).getDuplicate()).isTrue();
                    }
                  }
                  uploaded.put(device, clips);
                  return null;
                }));
      }
      for (Future<?> f : work) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    // force the last partial batch out, then replay every device's clips once more after the
    // flush: acknowledged as duplicates, nothing new to record
    lineage.flush();
    for (String device : DEVICES) {
      IngestClient client = client(device);
      for (TestClips clip : uploaded.get(device)) {
        assertThat(upload(client, clip).getDuplicate()).isTrue();
      }
    }
    lineage.flush();

    int total = DEVICES.size() * CLIPS_PER_DEVICE;
    assertThat(lineage.recordedClips() - recordedBefore).isEqualTo(total);

    List<String> batchIds = new ArrayList<>();
    for (String device : DEVICES) {
      String stream = ResourceIds.device(device);
      List<TimelineEntry> timeline = query.timeline(stream);
      assertThat(timeline).as(stream).isNotEmpty();
      List<String> recorded = new ArrayList<>();
      for (TimelineEntry e : timeline) {
        assertThat(e.eventType()).isEqualTo("ClipsIngested");
        assertThat(e.known()).isTrue();
        assertThat(e.actor()).isEqualTo(AuditLineageSink.ACTOR);
        assertThat(e.payload().path("deviceId").asText()).isEqualTo(stream);
        batchIds.add(e.payload().path("batchId").asText());
        for (JsonNode clip : e.payload().path("clips")) {
          recorded.add(clip.path("clipId").asText());
        }
      }
      // exactly once each: a list compared in any order, so a clip recorded twice fails
      List<String> expected =
          uploaded.get(device).stream().map(c -> c.header().getClipId()).toList();
      assertThat(recorded).as(stream).containsExactlyInAnyOrderElementsOf(expected);

      // the digests and sizes recorded are those of the payloads
      Map<String, JsonNode> byId = new LinkedHashMap<>();
      timeline.forEach(
          e -> e.payload().path("clips").forEach(c -> byId.put(c.path("clipId").asText(), c)));
      for (TestClips clip : uploaded.get(device)) {
        JsonNode c = byId.get(clip.header().getClipId());
        assertThat(c.path("digest").asText()).isEqualTo("sha256:" + clip.header().getSha256());
        assertThat(c.path("bytes").asLong()).isEqualTo(clip.header().getTotalSize());
        assertThat(c.path("triggerId").asText()).isEqualTo(clip.header().getTriggerId());
      }

      VerifyReport streamReport = query.verify(stream);
      assertThat(streamReport.intact()).as("verify %s: %s", stream, streamReport).isTrue();
      assertThat(streamReport.eventsChecked()).isEqualTo(timeline.size());
    }
    assertThat(batchIds).doesNotHaveDuplicates();

    // the lineage projection (asynchronous) attributes every clip to its device
    for (String device : DEVICES) {
      for (TestClips clip : uploaded.get(device)) {
        ClipLineage l = awaitClipLineage(clip.header().getClipId());
        assertThat(l.clip().deviceId()).isEqualTo(ResourceIds.device(device));
        assertThat(l.clip().triggerId()).isEqualTo(clip.header().getTriggerId());
        assertThat(l.clip().modelVersion()).isEqualTo(clip.header().getModelVersion());
      }
    }

    VerifyReport report = query.verify(null);
    assertThat(report.intact()).as("verify: %s", report).isTrue();
    assertThat(report.firstBreak()).isNull();
    assertThat(report.eventsChecked()).isGreaterThanOrEqualTo(batchIds.size());
  }

  @Test
  void lineageFlushedDuringAnAuditOutageIsKeptAndRecordedOnceWhenTheLogIsBack() throws Exception {
    String device = "veh-lin-outage";
    devices.register(device, keyOf(device));
    IngestClient client = client(device);
    List<TestClips> clips = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      TestClips clip = TestClips.clip(device, 1024 + i);
      assertThat(upload(client, clip).getDuplicate()).isFalse();
      clips.add(clip);
    }
    lineage.flush();
    long recordedBefore = lineage.recordedClips();

    int queryPort = auditServer.publicPort();
    int appendPort = auditServer.internalPort();
    auditServer.close();
    auditServer = null;
    // uploads are acknowledged as usual: lineage never fails an upload
    for (int i = 0; i < 4; i++) {
      TestClips clip = TestClips.clip(device, 4096 + i);
      assertThat(upload(client, clip).getDuplicate()).isFalse();
      clips.add(clip);
    }
    assertThat(upload(client, clips.get(4)).getDuplicate()).isTrue();
    assertThatThrownBy(lineage::flush).isNotNull();
    assertThat(lineage.recordedClips()).isEqualTo(recordedBefore);

    auditServer = restartAuditServer(queryPort, appendPort);
    lineage.flush();
    assertThat(lineage.recordedClips() - recordedBefore).isEqualTo(4);
    // a second flush has nothing left to send
    lineage.flush();
    assertThat(lineage.recordedClips() - recordedBefore).isEqualTo(4);

    String stream = ResourceIds.device(device);
    List<TimelineEntry> timeline = query.timeline(stream);
    List<String> recorded = new ArrayList<>();
    timeline.forEach(
        e -> e.payload().path("clips").forEach(c -> recorded.add(c.path("clipId").asText())));
    assertThat(recorded)
        .containsExactlyInAnyOrderElementsOf(
            clips.stream().map(c -> c.header().getClipId()).toList());
    assertThat(timeline).extracting(TimelineEntry::eventType).containsOnly("ClipsIngested");
    VerifyReport report = query.verify(null);
    assertThat(report.intact()).as("verify: %s", report).isTrue();
    assertThat(query.verify(stream).intact()).isTrue();
  }

  // ---- helpers ----

  /** Starts the audit server again on the same ports, once the old sockets are released. */
  private static AuditServer restartAuditServer(int queryPort, int appendPort) {
    AtomicReference<AuditServer> started = new AtomicReference<>();
    await("audit server listening again on " + queryPort + "/" + appendPort)
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .ignoreException(IOException.class)
        .until(
            () -> {
              started.set(
                  AuditServer.start(auditService, "127.0.0.1", queryPort, appendPort, TOKEN));
              return true;
            });
    return started.get();
  }

  private static byte[] keyOf(String deviceId) {
    return ("lineage-secret-of-" + deviceId).getBytes(StandardCharsets.UTF_8);
  }

  private static IngestClient client(String device) {
    return IngestClient.over(
        channel,
        () -> DeviceToken.sign(device, Instant.now().plusSeconds(3600), keyOf(device)),
        IngestClient.Options.defaults());
  }

  private static UploadAck upload(IngestClient client, TestClips clip) {
    return client.upload(new IngestClient.Clip(clip.header(), clip.payload()));
  }

  /** The lineage projection updates asynchronously: poll until it knows the clip. */
  private static ClipLineage awaitClipLineage(String clipId) {
    return await("lineage of clip " + clipId)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> query.clipLineage(clipId), l -> l != null && l.clip() != null);
  }
}
