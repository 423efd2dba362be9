package io.fleetloop.audit.app;

import static io.fleetloop.audit.command.Facts.RELEASE;
import static io.fleetloop.audit.command.Facts.TRIGGER;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.audit.api.AuditJson;
import io.fleetloop.audit.api.event.AuditEvent;
import io.fleetloop.audit.api.query.TimelineEntry;
import io.fleetloop.audit.client.Appended;
import io.fleetloop.audit.client.Outcome;
import io.fleetloop.audit.client.PendingEvent;
import io.fleetloop.audit.command.Facts;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The append path on real PostgreSQL: idempotency, bad input, lifecycle, concurrency checks. */
class AuditLogIT {

  private static AuditService service;

  @BeforeAll
  static void start() {
    service = AuditService.start(TestDatabase.fresh("audit_log_it"));
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  private static Appended append(AuditEvent event, String key) {
    return service.log().append(List.of(PendingEvent.of(event, key, "test"))).get(0);
  }

  @Test
  void appendsAreChainedAndReadBackInOrder() {
    String stream = Facts.TRIGGER.replace("fog-construction", "ordered");
    var deployed =
        new io.fleetloop.audit.api.event.TriggerDeployed(
            stream, "u", 1, "frame.takeover", 50, 1.0, 5, Facts.digest(1));
    var changed =
        new io.fleetloop.audit.api.event.TriggerChanged(
            stream, 2, "frame.takeover", 60, 1.0, 5, Facts.digest(2));
    List<Appended> results =
        service
            .log()
            .append(
                List.of(
                    PendingEvent.of(deployed, "ordered-1", "operator/datatrigger"),
                    PendingEvent.of(changed, "ordered-2", "operator/datatrigger")));
    assertThat(results).extracting(Appended::outcome).containsOnly(Outcome.APPENDED);
    assertThat(results.get(1).globalIndex()).isEqualTo(results.get(0).globalIndex() + 1);
    assertThat(results).extracting(Appended::sequence).containsExactly(0L, 1L);

    List<TimelineEntry> timeline = service.reader().timeline(stream, 0, 100);
    assertThat(timeline)
        .extracting(TimelineEntry::eventType)
        .containsExactly("TriggerDeployed", "TriggerChanged");
    assertThat(timeline.get(0).actor()).isEqualTo("operator/datatrigger");
    assertThat(timeline.get(1).hash()).isEqualTo(results.get(1).hash());
    assertThat(timeline.get(1).summary()).contains("generation 2");
    assertThat(service.verifier().verifyAll().intact()).isTrue();
  }

  @Test
  void theSameIdempotencyKeyAppendsOnce() {
    String device = Facts.DEVICE + "-idem";
    Appended first = append(Facts.clips(device, "batch-1", 3), "ingest:batch-1");
    Appended again = append(Facts.clips(device, "batch-1", 3), "ingest:batch-1");
    assertThat(first.outcome()).isEqualTo(Outcome.APPENDED);
    assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(again.globalIndex()).isEqualTo(first.globalIndex());
    assertThat(again.hash()).isEqualTo(first.hash());

    List<Appended> batch =
        service
            .log()
            .append(
                List.of(
                    PendingEvent.of(Facts.clips(device, "batch-2", 1), "ingest:batch-2", "t"),
                    PendingEvent.of(Facts.clips(device, "batch-2", 1), "ingest:batch-2", "t")));
    assertThat(batch)
        .extracting(Appended::outcome)
        .containsExactly(Outcome.APPENDED, Outcome.DUPLICATE);
    assertThat(service.reader().timeline(device, 0, 100)).hasSize(2);

    Appended reused = append(Facts.clips(Facts.DEVICE + "-other", "b", 1), "ingest:batch-1");
    assertThat(reused.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(reused.errorCode()).isEqualTo("ALREADY_EXISTS");
  }

  @Test
  void badInputIsRejectedOneByOneWithoutStoppingTheBatch() {
    String stream = RELEASE.replace("model-y-na", "bad-input");
    var shadow =
        new io.fleetloop.audit.api.event.ShadowStarted(
            stream, "g4", "g3", new io.fleetloop.audit.api.event.Cohort("shadow", 5, 10));
    List<Appended> results =
        service
            .log()
            .appendRaw(
                List.of(
                    new AuditLog.RawAppend("ModelBlessed", "{}", "k-unknown", "t", null, null),
                    new AuditLog.RawAppend("ShadowStarted", "{not json", "k-json", "t", null, null),
                    new AuditLog.RawAppend(
                        "ShadowStarted",
                        AuditJson.write(shadow).replace("fleetrelease/prod/", "device/"),
                        "k-kind",
                        "t",
                        null,
                        null),
                    new AuditLog.RawAppend(
                        "ShadowStarted", AuditJson.write(shadow), "", "t", null, null),
                    new AuditLog.RawAppend(
                        "StageAdvanced",
                        AuditJson.write(Facts.advanced("g4", 0, 2, 10))
                            .replace("model-y-na", "bad-input"),
                        "k-order",
                        "t",
                        null,
                        null),
                    new AuditLog.RawAppend(
                        "ShadowStarted", AuditJson.write(shadow), "k-ok", "t", null, null)));
    assertThat(results)
        .extracting(Appended::outcome)
        .containsExactly(
            Outcome.REJECTED,
            Outcome.REJECTED,
            Outcome.REJECTED,
            Outcome.REJECTED,
            Outcome.REJECTED,
            Outcome.APPENDED);
    assertThat(results.get(0).errorMessage()).contains("unknown event type 'ModelBlessed'");
    assertThat(results.get(0).errorCode()).isEqualTo("INVALID_ARGUMENT");
    assertThat(results.get(1).errorCode()).isEqualTo("INVALID_ARGUMENT");
    assertThat(results.get(2).errorMessage()).contains("belongs to a FleetRelease stream");
    assertThat(results.get(3).errorMessage()).contains("idempotency key is required");
    assertThat(results.get(4).errorCode()).isEqualTo("FAILED_PRECONDITION");
    assertThat(results.get(4).errorMessage()).contains("no candidate is rolling out");
    assertThat(service.reader().timeline(stream, 0, 100)).hasSize(1);
  }

  @Test
  void aWriterWithAStaleVersionIsRefused() {
    String stream = TRIGGER.replace("fog-construction", "versioned");
    var deployed =
        new io.fleetloop.audit.api.event.TriggerDeployed(
            stream, "u", 1, "x", 1, 1, 0, Facts.digest(1));
    var changed2 =
        new io.fleetloop.audit.api.event.TriggerChanged(stream, 2, "y", 1, 1, 0, Facts.digest(2));
    var changed3 =
        new io.fleetloop.audit.api.event.TriggerChanged(stream, 3, "z", 1, 1, 0, Facts.digest(3));
    assertThat(
            service
                .log()
                .append(List.of(new PendingEvent(deployed, "v-1", "a", null, -1L)))
                .get(0)
                .outcome())
        .isEqualTo(Outcome.APPENDED);
    assertThat(
            service
                .log()
                .append(List.of(new PendingEvent(changed2, "v-2", "a", null, 0L)))
                .get(0)
                .outcome())
        .isEqualTo(Outcome.APPENDED);
    Appended stale =
        service.log().append(List.of(new PendingEvent(changed3, "v-3", "b", null, 0L))).get(0);
    assertThat(stale.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(stale.errorCode()).isEqualTo("ABORTED");
  }

  @Test
  void repeatedConditionReportsAppendOnlyTransitions() {
    String pool = Facts.POOL + "-conditions";
    var ready = Facts.condition(pool, "uid-1", 1, "Ready", "True", "CapacityAvailable");
    var notReady = Facts.condition(pool, "uid-1", 1, "Ready", "False", "NodesUnavailable");
    String key = "condition:same-key-for-same-state";
    assertThat(append(ready, key).outcome()).isEqualTo(Outcome.APPENDED);
    assertThat(append(ready, key).outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(append(notReady, "condition:other").outcome()).isEqualTo(Outcome.APPENDED);
    assertThat(append(ready, key).outcome()).isEqualTo(Outcome.APPENDED);
    assertThat(service.reader().timeline(pool, 0, 100)).hasSize(3);
  }
}
