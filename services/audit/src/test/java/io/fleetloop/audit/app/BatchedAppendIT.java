package io.fleetloop.audit.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.audit.api.AuditJson;
import io.fleetloop.audit.api.ResourceIds;
import io.fleetloop.audit.api.event.ClipsIngested;
import io.fleetloop.audit.api.event.IngestedClip;
import io.fleetloop.audit.client.Appended;
import io.fleetloop.audit.client.AuditClient;
import io.fleetloop.audit.client.Outcome;
import io.fleetloop.audit.client.PendingEvent;
import io.fleetloop.audit.command.Facts;
import io.fleetloop.audit.grpc.AuditServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The batched paths the ingest service and the operators use: {@code AppendBatch} over gRPC into a
 * log with the lineage projection running, and a second replica on the same database. Checks what
 * the fast paths must not change: the stored bytes, the hash chains (also when another replica
 * moved a stream this one remembers), and a projection that applies every clip of a batch exactly
 * as one-by-one application would, also after a rebuild.
 */
class BatchedAppendIT {

  private static final String DB = "audit_batched_it";
  private static final int DEVICES = 40;
  private static final int EVENTS = 600;
  private static AuditService service;
  private static AuditService replica;
  private static AuditServer server;
  private static AuditClient client;

  @BeforeAll
  static void start() throws Exception {
    AuditConfig config = TestDatabase.fresh(DB);
    service = AuditService.start(config);
    replica = AuditService.start(config.withProjections(false));
    server = AuditServer.start(service, "127.0.0.1", 0, 0, null);
    client = AuditClient.connect("127.0.0.1:" + server.internalPort());
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {client, server, replica, service}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          // best effort
        }
      }
    }
  }

  private static ClipsIngested upload(int i, String... clipIds) {
    List<IngestedClip> clips = new ArrayList<>();
    for (String id : clipIds) {
      clips.add(
          new IngestedClip(
              id,
              Facts.TRIGGER,
              2,
              "policy-g3",
              "sha256:" + "0123456789abcdef".repeat(4),
              1_000 + i,
              Instant.parse("2026-11-21T10:00:00Z").plusMillis(i)));
    }
    return new ClipsIngested(ResourceIds.device("batched-" + (i % DEVICES)), "upload-" + i, clips);
  }

  @Test
  void batchesOverGrpcAreStoredChainedAndProjectedClipByClip() {
    List<PendingEvent> events = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      // upload 1 repeats a clip of upload 0 from another device: the first one is kept
      String[] ids =
          i == 1
              ? new String[] {"c-0-0", "c-1-1"}
              : new String[] {"c-" + i + "-0", "c-" + i + "-1", "c-" + i + "-2"};
      events.add(PendingEvent.of(upload(i, ids), "upload:" + i, "service/ingest"));
    }
    List<Appended> results = new ArrayList<>();
    for (int from = 0; from < EVENTS; from += 200) {
      results.addAll(client.appendBatch(events.subList(from, from + 200)));
    }
    assertThat(results).extracting(Appended::outcome).containsOnly(Outcome.APPENDED);
    long head = results.get(results.size() - 1).globalIndex();

    // stored exactly as the shared JSON mapping writes it
    String json = AuditJson.write(events.get(7).event()).replace("'", "''");
    assertThat(
            TestDatabase.count(
                DB,
                "SELECT count(*) FROM domain_event_entry WHERE idempotency_key = 'upload:7'"
                    + " AND payload = convert_to('"
                    + json
                    + "', 'UTF8')"))
        .isEqualTo(1);
    assertThat(service.verifier().verifyAll().intact()).isTrue();

    assertThat(service.awaitProjection(head, Duration.ofSeconds(60))).isTrue();
    long clips = 1 + 3L * (EVENTS - 1);
    assertProjectedClips(clips);

    service.rebuildProjections();
    assertThat(service.awaitProjection(head, Duration.ofSeconds(60))).isTrue();
    assertProjectedClips(clips);
  }

  private static void assertProjectedClips(long expected) {
    assertThat(TestDatabase.count(DB, "SELECT count(*) FROM lineage_clip WHERE clip_id LIKE 'c-%'"))
        .isEqualTo(expected);
    // every row names the device and the log position of the event that ingested it first
    assertThat(
            TestDatabase.count(
                DB,
                "SELECT count(*) FROM lineage_clip c JOIN domain_event_entry e"
                    + " ON e.global_index = c.global_index"
                    + " WHERE c.clip_id LIKE 'c-%' AND e.aggregate_identifier = c.device_id"
                    + " AND convert_from(e.payload, 'UTF8') LIKE '%\"' || c.clip_id || '\"%'"))
        .isEqualTo(expected);
    assertThat(
            service
                .query(
                    new io.fleetloop.audit.query.LineageQueryMessages.ClipLineageQuery("c-0-0"),
                    io.fleetloop.audit.api.query.ClipLineage.class)
                .clip()
                .deviceId())
        .isEqualTo(ResourceIds.device("batched-0"));
  }

  @Test
  void aStreamMovedByAnotherReplicaIsChainedOnItsRealHead() {
    String device = ResourceIds.device("shared-veh");
    List<Appended> acks = new ArrayList<>();
    AuditService[] writers = {service, replica, service, service, replica, service};
    for (int i = 0; i < writers.length; i++) {
      acks.add(
          writers[i]
              .log()
              .append(
                  List.of(
                      PendingEvent.of(
                          Facts.clips(device, "shared-" + i, 2), "shared:" + i, "test")))
              .get(0));
    }
    assertThat(acks).extracting(Appended::outcome).containsOnly(Outcome.APPENDED);
    assertThat(acks).extracting(Appended::sequence).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    assertThat(service.verifier().verifyStream(device).intact()).isTrue();
    assertThat(service.verifier().verifyAll().intact()).isTrue();
  }
}
