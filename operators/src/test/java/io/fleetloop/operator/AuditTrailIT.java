package io.fleetloop.operator;

import static io.fleetloop.operator.testing.OperatorEnvironment.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.CustomResource;
import io.fleetloop.api.common.Condition;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.common.FleetloopStatus;
import io.fleetloop.api.common.Reasons;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.FleetReleaseStatus;
import io.fleetloop.api.v1alpha1.FleetloopApi;
import io.fleetloop.api.v1alpha1.HardwarePool;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.api.v1alpha1.TrainingRunReasons;
import io.fleetloop.audit.api.ResourceIds;
import io.fleetloop.audit.api.query.TimelineEntry;
import io.fleetloop.operator.datatrigger.TriggerCompilation;
import io.fleetloop.operator.fleetrelease.ActionRequest;
import io.fleetloop.operator.hardwarepool.PoolAccounting;
import io.fleetloop.operator.testing.AuditBackend;
import io.fleetloop.operator.testing.Fixtures;
import io.fleetloop.operator.testing.OperatorEnvironment;
import io.fleetloop.operator.testing.PrometheusText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator's decisions in the real audit log: the audit service in-process on the local stack's
 * PostgreSQL, reached over loopback gRPC (append port with a token, query port without), and the
 * operator on the in-memory API server. Every condition transition of the four kinds is appended
 * once with its reason; a restarted operator re-reconciles everything and appends nothing; an audit
 * outage fails the reconciliation (retried with backoff, nothing written meanwhile) and loses no
 * transition once the log is back.
 *
 * <p>The timelines are read through the public query API ({@code AuditClient.timeline}).
 */
class AuditTrailIT {

  @RegisterExtension
  @Order(1)
  static final AuditBackend audit = new AuditBackend("operator_audit_trail_it");

  @RegisterExtension
  @Order(2)
  static final OperatorEnvironment env =
      new OperatorEnvironment(s -> s.withAudit(audit.appendEndpoint(), audit.appendToken()));

  @Test
  void everyTransitionIsRecordedOnceWithItsReasonAndARestartAddsNothing() throws Exception {
    assertThat(env.operator().auditEnabled()).isTrue();

    // HardwarePool: created
    String gpu = env.poolName("gpu");
    env.create(Fixtures.gpuPool(gpu, 4));
    awaitCondition(
        HardwarePool.class, gpu, ConditionTypes.READY, 1, PoolAccounting.CAPACITY_AVAILABLE);

    // DataTrigger: created, changed (does not compile), an invalid spec, fixed
    env.create(Fixtures.dataTrigger(null, "fog", "env.weather == 'fog'"));
    awaitCondition(DataTrigger.class, "fog", ConditionTypes.READY, 1, TriggerCompilation.COMPILED);
    env.edit(DataTrigger.class, "fog", t -> t.getSpec().setCondition("frame.takover"));
    awaitCondition(
        DataTrigger.class, "fog", ConditionTypes.READY, 2, TriggerCompilation.COMPILE_ERROR);
    env.edit(DataTrigger.class, "fog", t -> t.getSpec().setCooldown("soon"));
    awaitCondition(DataTrigger.class, "fog", ConditionTypes.READY, 3, Reasons.INVALID_SPEC);
    env.edit(
        DataTrigger.class,
        "fog",
        t -> {
          t.getSpec().setCooldown("45s");
          t.getSpec().setCondition("frame.takeover");
        });
    awaitCondition(DataTrigger.class, "fog", ConditionTypes.READY, 4, TriggerCompilation.COMPILED);

    // TrainingRun: waits for a pool, resolves when it appears (no change to the run)
    String edge = env.poolName("edge");
    env.create(Fixtures.trainingRun(null, "g4", Fixtures.runSpec(gpu, edge)));
    awaitCondition(
        TrainingRun.class, "g4", ConditionTypes.READY, 1, TrainingRunReasons.POOL_NOT_FOUND);
    env.create(Fixtures.edgeChipPool(edge, 2));
    awaitCondition(
        HardwarePool.class, edge, ConditionTypes.READY, 1, PoolAccounting.CAPACITY_AVAILABLE);
    awaitCondition(
        TrainingRun.class, "g4", ConditionTypes.READY, 1, TrainingRunReasons.REFERENCES_RESOLVED);

    // FleetRelease: created, then an action it does not know (metadata only, no new generation)
    env.create(Fixtures.fleetRelease(null, "model-y-na", Fixtures.releaseSpec(1, 10, 100)));
    awaitCondition(
        FleetRelease.class,
        "model-y-na",
        ConditionTypes.READY,
        1,
        TrainingRunReasons.REFERENCES_RESOLVED);
    env.edit(
        FleetRelease.class,
        "model-y-na",
        r -> {
          Map<String, String> annotations = new LinkedHashMap<>();
          if (r.getMetadata().getAnnotations() != null) {
            annotations.putAll(r.getMetadata().getAnnotations());
          }
          annotations.put(FleetloopApi.ACTION_ANNOTATION, "launch");
          r.getMetadata().setAnnotations(annotations);
        });
    awaitCondition(
        FleetRelease.class, "model-y-na", ActionRequest.CONDITION, 1, ActionRequest.UNKNOWN_ACTION);

    Map<String, List<String>> expected = new LinkedHashMap<>();
    expected.put(
        ResourceIds.hardwarePool(gpu),
        List.of("1 Ready True " + PoolAccounting.CAPACITY_AVAILABLE));
    expected.put(
        ResourceIds.hardwarePool(edge),
        List.of("1 Ready True " + PoolAccounting.CAPACITY_AVAILABLE));
    expected.put(
        ResourceIds.dataTrigger(env.namespace(), "fog"),
        List.of(
            "1 Compiled True Compiled",
            "1 Ready True Compiled",
            "1 Distributed Unknown NoReleaseChannel",
            "2 Compiled False CompileError",
            "2 Ready False CompileError",
            "2 Distributed False NotCompiled",
            // the contract check stops before compiling: Compiled is not computed at generation 3
            "3 Ready False InvalidSpec",
            "4 Compiled True Compiled",
            "4 Ready True Compiled",
            "4 Distributed Unknown NoReleaseChannel"));
    expected.put(
        ResourceIds.trainingRun(env.namespace(), "g4"),
        List.of(
            "1 Ready False " + TrainingRunReasons.POOL_NOT_FOUND,
            "1 Admitted False " + TrainingRunReasons.NOT_READY,
            "1 Ready True " + TrainingRunReasons.REFERENCES_RESOLVED,
            "1 Admitted True " + TrainingRunReasons.ADMITTED,
            "1 Succeeded False " + TrainingRunReasons.IN_PROGRESS,
            "1 Failed False " + TrainingRunReasons.NO_FAILURE,
            "1 Running True " + TrainingRunReasons.PHASE_RUNNING));
    expected.put(
        ResourceIds.fleetRelease(env.namespace(), "model-y-na"),
        List.of(
            "1 Ready True " + TrainingRunReasons.REFERENCES_RESOLVED,
            "1 Progressing Unknown " + FleetReleaseStatus.REASON_NO_RELEASE_CHANNEL,
            "1 ActionAccepted False " + FleetReleaseStatus.REASON_UNKNOWN_ACTION));

    Map<String, List<TimelineEntry>> before = new LinkedHashMap<>();
    for (var e : expected.entrySet()) {
      List<TimelineEntry> all = audit.timeline(e.getKey());
      // domain facts (TrainingRunAdmitted, TrainingPhaseStarted, ...) share a run's stream
      List<TimelineEntry> timeline =
          all.stream().filter(t -> t.eventType().equals("ConditionChanged")).toList();
      assertThat(timeline).as(e.getKey()).extracting(AuditTrailIT::line).isEqualTo(e.getValue());
      String kind = ResourceIds.parse(e.getKey()).kind().prefix();
      assertThat(timeline)
          .allSatisfy(
              t -> {
                assertThat(t.eventType()).isEqualTo("ConditionChanged");
                assertThat(t.actor()).isEqualTo("operator/" + kind);
                assertThat(t.payload().path("message").asText()).isNotEmpty();
              });
      before.put(e.getKey(), all);
    }
    assertThat(before.get(ResourceIds.trainingRun(env.namespace(), "g4")))
        .extracting(TimelineEntry::eventType)
        .filteredOn(t -> !t.equals("ConditionChanged"))
        .containsExactly("TrainingRunAdmitted", "TrainingDatasetBound", "TrainingPhaseStarted");
    assertThat(before.get(ResourceIds.dataTrigger(env.namespace(), "fog")))
        .allSatisfy(
            t ->
                assertThat(t.payload().path("uid").asText())
                    .isEqualTo(env.get(DataTrigger.class, "fog").getMetadata().getUid()));
    assertThat(
            before
                .get(ResourceIds.dataTrigger(env.namespace(), "fog"))
                .get(6)
                .payload()
                .path("message")
                .asText())
        .contains("spec.cooldown");

    // A restarted operator remembers nothing client-side: it re-reconciles every resource, sends
    // every condition once more, and the log answers that it has them all.
    FleetloopOperator restarted = env.restartOperator();
    Map<String, Integer> conditionsPerKind =
        Map.of("HardwarePool", 2, "DataTrigger", 2, "TrainingRun", 2, "FleetRelease", 3);
    eventually()
        .untilAsserted(
            () ->
                conditionsPerKind.forEach(
                    (kind, n) ->
                        assertThat(auditOutcomes(restarted, kind, "unchanged"))
                            .as("%s conditions re-sent after the restart", kind)
                            .isGreaterThanOrEqualTo(n)));
    for (String kind : conditionsPerKind.keySet()) {
      assertThat(auditOutcomes(restarted, kind, "appended")).as(kind).isZero();
    }
    for (var e : before.entrySet()) {
      assertThat(audit.timeline(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
    }
    assertThat(audit.query().verify(null).intact()).isTrue();
  }

  @Test
  void anAuditOutageFailsTheReconcileUntilTheLogIsBackAndLosesNothing() throws Exception {
    String pool = env.poolName("outage");
    env.create(Fixtures.gpuPool(pool, 2));
    awaitCondition(
        HardwarePool.class, pool, ConditionTypes.READY, 1, PoolAccounting.CAPACITY_AVAILABLE);
    FleetloopOperator operator = env.operator();
    double errorsBefore = reconcileErrors(operator);

    audit.stop();
    long outageStart = System.nanoTime();
    env.edit(HardwarePool.class, pool, p -> p.getSpec().setCapacity(0));

    // the reconciliation fails and is retried (2 s, 2 s, 4 s ...): no hot loop
    eventually().until(() -> reconcileErrors(operator) - errorsBefore >= 2);
    double seconds = (System.nanoTime() - outageStart) / 1e9;
    assertThat(reconcileErrors(operator) - errorsBefore)
        .as("failed reconciliations in %.1f s of outage: backoff, not a hot loop", seconds)
        .isLessThanOrEqualTo(2 + seconds / 2);
    assertThat(auditOutcomes(operator, "HardwarePool", "failed")).isGreaterThanOrEqualTo(2);
    // nothing was written that the log does not have: not the new condition, not ReconcileError
    HardwarePool during = env.get(HardwarePool.class, pool);
    assertThat(during.getStatus().getObservedGeneration()).isEqualTo(1L);
    assertThat(during.getStatus().condition(ConditionTypes.READY))
        .get()
        .returns(ConditionTypes.TRUE, Condition::getStatus)
        .returns(PoolAccounting.CAPACITY_AVAILABLE, Condition::getReason);
    // the operator stays ready and says why it is not writing
    HttpResponse<String> readyz = readyz(operator);
    assertThat(readyz.statusCode()).isEqualTo(200);
    assertThat(readyz.body())
        .contains("audit log: recording to " + audit.appendEndpoint(), "unreachable");

    audit.start();

    awaitCondition(HardwarePool.class, pool, ConditionTypes.READY, 2, PoolAccounting.NO_CAPACITY);
    assertThat(audit.timeline(ResourceIds.hardwarePool(pool)))
        .extracting(AuditTrailIT::line)
        .containsExactly(
            "1 Ready True " + PoolAccounting.CAPACITY_AVAILABLE,
            "2 Ready False " + PoolAccounting.NO_CAPACITY);
    eventually()
        .untilAsserted(() -> assertThat(readyz(operator).body()).doesNotContain("unreachable"));
    assertThat(PrometheusText.value(operator.scrapeMetrics(), "fleetloop_audit_enabled", Map.of()))
        .isEqualTo(1.0);
  }

  // ---- helpers ----

  /** {@code <generation> <type> <status> <reason>} of a ConditionChanged. */
  private static String line(TimelineEntry e) {
    var p = e.payload();
    return "%d %s %s %s"
        .formatted(
            p.path("generation").asLong(),
            p.path("type").asText(),
            p.path("status").asText(),
            p.path("reason").asText());
  }

  private static <S extends FleetloopStatus, R extends CustomResource<?, S>> void awaitCondition(
      Class<R> kind, String name, String type, long observedGeneration, String reason) {
    eventually()
        .untilAsserted(
            () -> {
              R resource = env.get(kind, name);
              assertThat(resource.getStatus().getObservedGeneration())
                  .as("%s %s observedGeneration", kind.getSimpleName(), name)
                  .isEqualTo(resource.getMetadata().getGeneration())
                  .isEqualTo(observedGeneration);
              assertThat(resource.getStatus().condition(type))
                  .get()
                  .returns(reason, Condition::getReason);
            });
  }

  private static double reconcileErrors(FleetloopOperator operator) {
    return PrometheusText.value(
        operator.scrapeMetrics(),
        "fleetloop_reconciles_total",
        Map.of("kind", "HardwarePool", "outcome", "error"));
  }

  private static double auditOutcomes(FleetloopOperator operator, String kind, String outcome) {
    return PrometheusText.value(
        operator.scrapeMetrics(),
        "fleetloop_audit_conditions_total",
        Map.of("kind", kind, "outcome", outcome));
  }

  private static HttpResponse<String> readyz(FleetloopOperator operator) throws Exception {
    var address = operator.httpAddress().orElseThrow();
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://" + address.getHostString() + ":" + address.getPort() + "/readyz"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
