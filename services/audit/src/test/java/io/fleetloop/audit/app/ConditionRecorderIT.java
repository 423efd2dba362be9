package io.fleetloop.audit.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.audit.api.ResourceIds;
import io.fleetloop.audit.api.query.TimelineEntry;
import io.fleetloop.audit.client.AuditClient;
import io.fleetloop.audit.client.ConditionTransition;
import io.fleetloop.audit.client.GrpcAuditRecorder;
import io.fleetloop.audit.client.Outcome;
import io.fleetloop.audit.grpc.AuditServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an operator's reconciler sees through {@link GrpcAuditRecorder}: each transition is appended
 * once, a reconcile repeated after a crash (a new recorder, so nothing remembered client-side)
 * appends nothing, a flap appends each move, a stale generation is refused without failing the
 * reconcile.
 */
class ConditionRecorderIT {

  private static AuditService service;
  private static AuditServer server;

  @BeforeAll
  static void start() throws Exception {
    service = AuditService.start(TestDatabase.fresh("audit_recorder_it"));
    server = AuditServer.start(service, "127.0.0.1", 0, 0, null);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (service != null) {
      service.close();
    }
  }

  private static ConditionTransition ready(long generation, String status, String reason) {
    return new ConditionTransition(
        "FleetRelease",
        "prod",
        "model-y-na",
        "uid-7",
        generation,
        "Ready",
        status,
        reason,
        "computed by the reconciler");
  }

  @Test
  void reconcilesRepeatedAfterACrashDoNotDuplicate() {
    String stream = ResourceIds.fleetRelease("prod", "model-y-na");
    try (AuditClient client = AuditClient.connect("127.0.0.1:" + server.internalPort())) {
      GrpcAuditRecorder operator = new GrpcAuditRecorder(client, "operator/fleetrelease");
      assertThat(operator.recordCondition(ready(1, "False", "ShadowRunning")).outcome())
          .isEqualTo(Outcome.APPENDED);
      // the next reconciles compute the same condition: no call, no event
      assertThat(operator.recordCondition(ready(1, "False", "ShadowRunning")).outcome())
          .isEqualTo(Outcome.UNCHANGED);

      // the operator crashed after appending but before writing status: a new process
      // reconciles again with nothing remembered
      GrpcAuditRecorder restarted = new GrpcAuditRecorder(client, "operator/fleetrelease");
      assertThat(restarted.recordCondition(ready(1, "False", "ShadowRunning")).outcome())
          .isEqualTo(Outcome.UNCHANGED);

      assertThat(restarted.recordCondition(ready(2, "True", "Promoted")).outcome())
          .isEqualTo(Outcome.APPENDED);
      assertThat(restarted.recordCondition(ready(2, "False", "RolledBack")).outcome())
          .isEqualTo(Outcome.APPENDED);
      assertThat(restarted.recordCondition(ready(2, "True", "Promoted")).outcome())
          .isEqualTo(Outcome.APPENDED);

      // an older reconcile that arrives late is refused, and says so, without throwing
      GrpcAuditRecorder laggard = new GrpcAuditRecorder(client, "operator/fleetrelease");
      var stale = laggard.recordCondition(ready(1, "Unknown", "Lagging"));
      assertThat(stale.outcome()).isEqualTo(Outcome.REJECTED);
      assertThat(stale.detail()).contains("stale");
    }
    List<TimelineEntry> timeline = service.reader().timeline(stream, 0, 100);
    assertThat(timeline)
        .extracting(e -> e.payload().path("reason").asText())
        .containsExactly("ShadowRunning", "Promoted", "RolledBack", "Promoted");
    assertThat(timeline).extracting(TimelineEntry::actor).containsOnly("operator/fleetrelease");
  }
}
