package io.fleetloop.audit.app;

import static io.fleetloop.audit.app.LoopScenario.DATASET_G4;
import static io.fleetloop.audit.app.LoopScenario.RELEASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetloop.audit.api.query.ClipLineage;
import io.fleetloop.audit.api.query.ClipRef;
import io.fleetloop.audit.api.query.CohortRef;
import io.fleetloop.audit.api.query.DatasetLineage;
import io.fleetloop.audit.api.query.Decision;
import io.fleetloop.audit.api.query.ModelLineage;
import io.fleetloop.audit.api.query.ReleaseHistory;
import io.fleetloop.audit.api.query.RunRef;
import io.fleetloop.audit.api.query.TimelineEntry;
import io.fleetloop.audit.client.Appended;
import io.fleetloop.audit.client.AuditClient;
import io.fleetloop.audit.client.AuditException;
import io.fleetloop.audit.client.Outcome;
import io.fleetloop.audit.client.PendingEvent;
import io.fleetloop.audit.command.Facts;
import io.fleetloop.audit.grpc.AuditServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One turn of the loop recorded over gRPC, then the lineage questions asked over gRPC: which clips
 * and triggers fed the dataset, which runs and datasets produced the model, which cohorts ran it,
 * why the release rolled back. Then the projection is dropped and rebuilt by replay, to the same
 * answers.
 */
class LineageIT {

  private static final String DB = "audit_lineage_it";
  private static final String TOKEN = "s3cret";
  private static AuditService service;
  private static AuditServer server;
  private static AuditClient client;
  private static AuditClient query;

  @BeforeAll
  static void start() throws Exception {
    service = AuditService.start(TestDatabase.fresh(DB));
    server = AuditServer.start(service, "127.0.0.1", 0, 0, TOKEN);
    client =
        AuditClient.connect(
            "127.0.0.1:" + server.internalPort(),
            AuditClient.Options.defaults().withAppendToken(TOKEN));
    query = AuditClient.connect("127.0.0.1:" + server.publicPort());
    List<PendingEvent> events = LoopScenario.events();
    List<Appended> results = client.appendBatch(events.subList(0, 10));
    for (PendingEvent e : events.subList(10, events.size())) {
      results = List.of(client.append(e));
    }
    long head = results.get(results.size() - 1).globalIndex();
    assertThat(head).isEqualTo(events.size());
    assertThat(service.awaitProjection(head, Duration.ofSeconds(30))).isTrue();
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {client, query, server, service}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          // best effort
        }
      }
    }
  }

  @Test
  void whichClipsAndTriggersFedTheDataset() {
    DatasetLineage d = query.datasetLineage(DATASET_G4);
    assertThat(d.clipCount()).isEqualTo(5);
    assertThat(d.clips())
        .extracting(ClipRef::clipId)
        .containsExactly("a-fog-0", "a-fog-1", "a-fog-2", "a-tk-0", "b-tk-0");
    assertThat(d.clips()).extracting(ClipRef::deviceId).contains("device/veh-a", "device/veh-b");
    assertThat(d.triggers())
        .containsEntry(LoopScenario.FOG, 3L)
        .containsEntry(LoopScenario.TAKEOVER, 2L);
    assertThat(d.trainingRuns()).containsExactly(LoopScenario.RUN_G4);
  }

  @Test
  void whichDatasetAndRunsProducedTheModelAndWhichCohortsRanIt() {
    ModelLineage m = query.modelLineage("policy-g4");
    assertThat(m.artifact()).isEqualTo("s3://models/policy-g4");
    assertThat(m.producedBy())
        .extracting(RunRef::runId)
        .containsExactly(LoopScenario.RUN_G4, LoopScenario.RUN_G3);
    assertThat(m.producedBy())
        .extracting(RunRef::datasetId)
        .containsExactly(DATASET_G4, LoopScenario.DATASET_G3);
    assertThat(m.producedBy().get(0).phases()).hasSize(2);
    assertThat(m.producedBy().get(0).phases().get(1).metrics())
        .containsEntry("chipDisagreement", 0.004);
    assertThat(m.producedBy().get(0).validation()).isEqualTo("Validated");
    assertThat(m.ranIn())
        .extracting(CohortRef::cohort)
        .containsExactly("shadow", "stage-1", "stage-2");
    assertThat(m.ranIn())
        .extracting(CohortRef::outcome)
        .containsExactly("Advanced", "Advanced", "RolledBack");
    assertThat(query.modelLineage("policy-g3").ranIn())
        .extracting(CohortRef::role)
        .containsExactly("Stable");
  }

  @Test
  void whyTheReleaseMovedAndRolledBack() {
    ReleaseHistory r = query.releaseHistory(RELEASE);
    assertThat(r.state()).isEqualTo("RolledBack");
    assertThat(r.stableVersion()).isEqualTo("policy-g3");
    assertThat(r.decisions())
        .extracting(Decision::event)
        .containsExactly("ShadowStarted", "StageAdvanced", "StageAdvanced", "ReleaseRolledBack");
    Decision rollback = r.decisions().get(3);
    assertThat(rollback.rule()).isEqualTo(LoopScenario.ROLLBACK_RULE);
    assertThat(rollback.reason()).isEqualTo("InterventionRateRegressed");
    assertThat(rollback.measured()).hasSize(2);
    assertThat(rollback.measured().get(0).rate()).isEqualTo(0.9);
    assertThat(r.decisions().get(2).toStage()).isEqualTo(2);
  }

  @Test
  void whereAClipWent() {
    ClipLineage c = query.clipLineage("a-fog-1");
    assertThat(c.clip().triggerId()).isEqualTo(LoopScenario.FOG);
    assertThat(c.datasets()).containsExactly(DATASET_G4);
    assertThat(c.models()).containsExactly("policy-g4");
  }

  @Test
  void unknownSubjectsAreNotFound() {
    assertThatThrownBy(() -> query.modelLineage("policy-g99"))
        .isInstanceOf(AuditException.class)
        .satisfies(e -> assertThat(((AuditException) e).code()).isEqualTo("NOT_FOUND"));
  }

  @Test
  void timelinesAndVerificationAreServed() {
    List<TimelineEntry> timeline = query.timeline(RELEASE);
    assertThat(timeline)
        .extracting(TimelineEntry::eventType)
        .containsExactly("ShadowStarted", "StageAdvanced", "StageAdvanced", "ReleaseRolledBack");
    assertThat(timeline.get(3).summary()).contains(LoopScenario.ROLLBACK_RULE);
    assertThat(timeline.get(3).actor()).isEqualTo("operator/fleetrelease");
    assertThat(timeline.get(3).payload().path("restoredVersion").asText()).isEqualTo("policy-g3");
    assertThat(query.timeline(LoopScenario.TAKEOVER))
        .extracting(TimelineEntry::eventType)
        .containsExactly("TriggerDeployed", "ConditionChanged");
    assertThat(query.verify(null).intact()).isTrue();
    assertThat(query.verify(RELEASE).eventsChecked()).isEqualTo(4);
  }

  @Test
  void badAppendsAreRefusedWithTheirStatusCode() {
    assertThatThrownBy(
            () -> client.append(Facts.clips("device/veh-empty", "empty", 0), "empty-batch", "test"))
        .isInstanceOf(AuditException.class)
        .satisfies(e -> assertThat(((AuditException) e).code()).isEqualTo("INVALID_ARGUMENT"));
    assertThatThrownBy(
            () ->
                client.append(
                    new io.fleetloop.audit.api.event.StageAdvanced(
                        RELEASE,
                        "policy-g4",
                        2,
                        3,
                        new io.fleetloop.audit.api.event.Cohort("stage-3", 50, 1),
                        Facts.measured(0.4, 0.45),
                        "r"),
                    "after-rollback",
                    "test"))
        .satisfies(e -> assertThat(((AuditException) e).code()).isEqualTo("FAILED_PRECONDITION"));
    Appended again = client.append(LoopScenario.events().get(0));
    assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
  }

  @Test
  void appendingNeedsTheToken() {
    try (AuditClient anonymous = AuditClient.connect("127.0.0.1:" + server.internalPort())) {
      assertThatThrownBy(() -> anonymous.append(LoopScenario.events().get(0)))
          .satisfies(e -> assertThat(((AuditException) e).code()).isEqualTo("UNAUTHENTICATED"));
    }
  }

  @Test
  void theProjectionIsRebuiltByReplayToTheSameAnswers() {
    DatasetLineage dataset = query.datasetLineage(DATASET_G4);
    ModelLineage model = query.modelLineage("policy-g4");
    ReleaseHistory release = query.releaseHistory(RELEASE);
    ClipLineage clip = query.clipLineage("b-tk-0");

    TestDatabase.exec(DB, "DROP TABLE lineage_cohort, lineage_decision, lineage_run, lineage_clip");
    service.rebuildProjections();
    assertThat(service.awaitProjection(service.reader().head(), Duration.ofSeconds(30))).isTrue();

    assertThat(query.datasetLineage(DATASET_G4)).isEqualTo(dataset);
    assertThat(query.modelLineage("policy-g4")).isEqualTo(model);
    assertThat(query.releaseHistory(RELEASE)).isEqualTo(release);
    assertThat(query.clipLineage("b-tk-0")).isEqualTo(clip);
  }
}
