package io.fleetloop.audit.bench;

import io.fleetloop.audit.api.AuditJson;
import io.fleetloop.audit.api.ResourceIds;
import io.fleetloop.audit.api.event.ClipsIngested;
import io.fleetloop.audit.api.event.IngestedClip;
import io.fleetloop.audit.app.AuditConfig;
import io.fleetloop.audit.app.AuditService;
import io.fleetloop.audit.client.Appended;
import io.fleetloop.audit.client.AuditClient;
import io.fleetloop.audit.client.Outcome;
import io.fleetloop.audit.client.PendingEvent;
import io.fleetloop.audit.grpc.AuditServer;
import io.fleetloop.local.ComponentKind;
import io.fleetloop.local.LocalStack;
import io.fleetloop.local.LocalStackOptions;
import io.fleetloop.local.PostgresComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * Appends per second on the audit path next to raw batched JDBC inserts of the same events into a
 * table of the same shape, measured in one run on one PostgreSQL.
 *
 * <pre>
 * ./mvnw -q -pl services/audit exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.fleetloop.audit.bench.AuditBenchmark [-Dexec.args="EVENTS BATCH"]
 * </pre>
 *
 * Starts the harness's embedded PostgreSQL (fsync off, like the tests) unless {@code
 * -Daudit.bench.jdbc=URL} names another. Not a test: numbers depend on the machine.
 *
 * <p>After a warm-up of every path, raw JDBC, the batched append, one event per call and {@code
 * AppendBatch} over gRPC take turns {@value #ROUNDS} times and each prints its best run (a build
 * running next to it on a shared machine otherwise decides the ratios). Last, on a fresh log of its
 * own with the lineage projection running: the append rate, and the rate until the projection has
 * applied every event too.
 */
public final class AuditBenchmark {

  private static final int DEVICES = 1_000;
  private static final int CLIPS_PER_EVENT = 4;

  /** Each path is measured this many times, taking turns; the best run counts. */
  private static final int ROUNDS = 3;

  private AuditBenchmark() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    String jdbc = System.getProperty("audit.bench.jdbc");
    LocalStack stack = null;
    String user = "postgres";
    String password = "postgres";
    if (jdbc == null) {
      Path dir = Files.createTempDirectory("audit-bench");
      stack =
          LocalStack.start(
              LocalStackOptions.forTests(dir).withComponents(EnumSet.of(ComponentKind.POSTGRES)));
      PostgresComponent pg = stack.postgres();
      jdbc = pg.createDatabase("audit_bench");
      user = pg.user();
      password = pg.password();
    }
    try {
      run(jdbc, user, password, events, batch);
    } finally {
      if (stack != null) {
        stack.close();
      }
    }
  }

  private static void run(String jdbc, String user, String password, int events, int batch)
      throws Exception {
    System.out.printf(
        Locale.ROOT,
        "audit benchmark: %,d ClipsIngested events (%d clips each) over %,d device streams,"
            + " batches of %d, %d cores, %s%n",
        events,
        CLIPS_PER_EVENT,
        DEVICES,
        batch,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    AuditConfig config =
        AuditConfig.forDatabase(jdbc, user, password)
            .withSchema("bench_" + shortId())
            .withProjections(false);
    double rawRate = 0;
    double auditRate = 0;
    double singleRate = 0;
    double grpcRate = 0;
    String verified;
    try (AuditService service = AuditService.start(config)) {
      // warm up every path (JIT, caches of the device aggregates, connection pool)
      raw(jdbc, user, password, config.schema(), events / 5, batch, "warm");
      audit(service, events / 2, batch, "warm");
      grpc(service, events / 5, batch, "grpcwarm");
      // the paths take turns, so that a burst of load from elsewhere does not hit just one of them
      for (int round = 1; round <= ROUNDS; round++) {
        rawRate =
            Math.max(rawRate, raw(jdbc, user, password, config.schema(), events, batch, "raw"));
        auditRate = Math.max(auditRate, audit(service, events, batch, "run" + round));
        singleRate =
            Math.max(singleRate, audit(service, Math.min(events / 50, 2_000), 1, "single" + round));
        grpcRate = Math.max(grpcRate, grpc(service, events / 2, batch, "grpc" + round));
      }
      verified =
          String.format(
              Locale.ROOT,
              "verify: %s over %,d events",
              service.verifier().verifyAll().intact() ? "intact" : "BROKEN",
              service.reader().count());
    }
    // last, on a log of its own, so that it starts as warm as the others and without a backlog
    double withProjection = 0;
    double projected = 0;
    try (AuditService service =
        AuditService.start(config.withSchema(config.schema() + "_lineage").withProjections(true))) {
      audit(service, events / 5, batch, "projwarm");
      awaitProjection(service);
      for (int round = 1; round < ROUNDS; round++) {
        long start = System.nanoTime();
        withProjection =
            Math.max(withProjection, audit(service, events / 2, batch, "proj" + round));
        awaitProjection(service);
        projected = Math.max(projected, events / 2 / ((System.nanoTime() - start) / 1e9));
      }
    }

    System.out.printf(
        Locale.ROOT,
        "%-44s %12s %10s   (best of %d runs each, %d with the projection)%n",
        "path",
        "events/s",
        "vs raw",
        ROUNDS,
        ROUNDS - 1);
    row("raw batched JDBC insert (same rows, no hash)", rawRate, rawRate);
    row("audit append, batched (in process)", auditRate, rawRate);
    row("audit AppendBatch over gRPC (loopback)", grpcRate, rawRate);
    row("audit append, one event per call", singleRate, rawRate);
    row("audit append, batched, projection running", withProjection, rawRate);
    row("  the same until the projection caught up", projected, rawRate);
    System.out.println(verified);
  }

  /** Waits until the lineage projection has applied every appended event. */
  private static void awaitProjection(AuditService service) {
    long head = service.reader().count();
    if (!service.awaitProjection(head, Duration.ofMinutes(5))) {
      throw new IllegalStateException(
          "the lineage projection did not catch up with " + head + " events in 5 minutes");
    }
  }

  private static void row(String name, double rate, double raw) {
    System.out.printf(Locale.ROOT, "%-44s %,12.0f %9.0f%%%n", name, rate, 100 * rate / raw);
  }

  private static ClipsIngested event(String run, int i) {
    List<IngestedClip> clips = new ArrayList<>(CLIPS_PER_EVENT);
    for (int c = 0; c < CLIPS_PER_EVENT; c++) {
      clips.add(
          new IngestedClip(
              run + "-" + i + "-" + c,
              "datatrigger/fleet/takeovers",
              3,
              "policy-g3",
              "sha256:" + "0123456789abcdef".repeat(4),
              1_048_576,
              Instant.parse("2026-11-21T10:00:00Z")));
    }
    return new ClipsIngested(ResourceIds.device("veh-" + (i % DEVICES)), run + "-" + i, clips);
  }

  private static double audit(AuditService service, int events, int batch, String run) {
    long start = System.nanoTime();
    for (int from = 0; from < events; from += batch) {
      List<PendingEvent> pending = new ArrayList<>(batch);
      for (int i = from; i < Math.min(events, from + batch); i++) {
        pending.add(PendingEvent.of(event(run, i), run + ":" + i, "service/ingest"));
      }
      for (Appended a : service.log().append(pending)) {
        if (a.outcome() != Outcome.APPENDED) {
          throw new IllegalStateException("not appended: " + a);
        }
      }
    }
    return events / ((System.nanoTime() - start) / 1e9);
  }

  private static double grpc(AuditService service, int events, int batch, String run)
      throws Exception {
    try (AuditServer server = AuditServer.start(service, "127.0.0.1", 0, 0, null);
        AuditClient client = AuditClient.connect("127.0.0.1:" + server.internalPort())) {
      long start = System.nanoTime();
      for (int from = 0; from < events; from += batch) {
        List<PendingEvent> pending = new ArrayList<>(batch);
        for (int i = from; i < Math.min(events, from + batch); i++) {
          pending.add(PendingEvent.of(event(run, i), run + ":" + i, "service/ingest"));
        }
        for (Appended a : client.appendBatch(pending)) {
          if (a.outcome() != Outcome.APPENDED) {
            throw new IllegalStateException("not appended: " + a);
          }
        }
      }
      return events / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** The same rows (payload, metadata, ids, 32-byte hash columns) by plain batched JDBC. */
  private static double raw(
      String jdbc, String user, String password, String schema, int events, int batch, String run)
      throws Exception {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    props.setProperty("reWriteBatchedInserts", "true");
    byte[] hash = new byte[32];
    try (Connection c = DriverManager.getConnection(jdbc, props)) {
      try (Statement s = c.createStatement()) {
        s.execute("SET search_path TO " + schema);
        s.execute("CREATE TABLE IF NOT EXISTS raw_event (LIKE domain_event_entry INCLUDING ALL)");
        s.execute("TRUNCATE raw_event");
      }
      c.setAutoCommit(false);
      long start = System.nanoTime();
      long index = 0;
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO raw_event (global_index, event_identifier, aggregate_identifier,"
                  + " sequence_number, type, time_stamp, payload_type, payload_revision, payload,"
                  + " meta_data, idempotency_key, prev_hash, hash, stream_hash)"
                  + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
        for (int from = 0; from < events; from += batch) {
          for (int i = from; i < Math.min(events, from + batch); i++) {
            ClipsIngested e = event(run, i);
            byte[] payload = AuditJson.mapper().writeValueAsBytes(e);
            String key = run + ":" + i;
            byte[] meta =
                ("{\"actor\":\"service/ingest\",\"idempotencyKey\":\"" + key + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ps.setLong(1, ++index);
            ps.setString(2, UUID.randomUUID().toString());
            ps.setString(3, e.deviceId());
            ps.setLong(4, (long) i);
            ps.setString(5, "DeviceAggregate");
            ps.setString(6, Instant.now().toString());
            ps.setString(7, "ClipsIngested");
            ps.setString(8, null);
            ps.setBytes(9, payload);
            ps.setBytes(10, meta);
            ps.setString(11, key);
            ps.setBytes(12, hash);
            ps.setBytes(13, hash);
            ps.setBytes(14, hash);
            ps.addBatch();
          }
          ps.executeBatch();
          c.commit();
        }
      }
      return events / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
