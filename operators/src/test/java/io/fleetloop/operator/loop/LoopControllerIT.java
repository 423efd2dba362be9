package io.fleetloop.operator.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.common.Conditions;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.LoopSpec;
import io.fleetloop.api.v1alpha1.LoopStatus;
import io.fleetloop.api.v1alpha1.ModelVersion;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.api.v1alpha1.TrainingRunStatus;
import io.fleetloop.audit.api.event.AuditEvent;
import io.fleetloop.audit.client.AuditRecorder;
import io.fleetloop.audit.client.ConditionTransition;
import io.fleetloop.audit.client.Outcome;
import io.fleetloop.audit.client.Recorded;
import io.fleetloop.local.ComponentKind;
import io.fleetloop.local.KubeApiComponent;
import io.fleetloop.local.LocalStack;
import io.fleetloop.operator.audit.ConditionAudit;
import io.fleetloop.operator.common.OperatorContext;
import io.fleetloop.operator.common.SpecContract;
import io.fleetloop.operator.fleetrelease.ExposureReadings;
import io.fleetloop.operator.fleetrelease.ReleaseStatsSource;
import io.fleetloop.operator.metrics.FleetloopMetrics;
import io.fleetloop.operator.testing.Fixtures;
import io.fleetloop.operator.testing.OperatorEnvironment;
import io.fleetloop.operator.testing.RecordingEvents;
import io.fleetloop.operator.trainingrun.Datasets;
import io.fleetloop.stats.Exposure;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The loop controller alone on the in-memory API server, with a fake curator count and fake
 * release-channel exposure: the TrainingRun and FleetRelease reconcilers do not run, so the test
 * plays their part by writing the runs' and the release's status.
 */
class LoopControllerIT {

  private static KubernetesClient client;
  private static String ns;
  private static Operator operator;
  private static final AtomicLong pending = new AtomicLong();
  private static final List<List<String>> asked = new CopyOnWriteArrayList<>();
  private static final AtomicReference<Map<String, Exposure>> exposure =
      new AtomicReference<>(Map.of());
  private static final List<ConditionTransition> audited = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    KubeApiComponent api = LocalStack.shared(ComponentKind.KUBE_API).kubeApi();
    client = api.newClient();
    ns = api.createUniqueNamespace("LoopControllerIT");
    operator = startOperator();
  }

  static Operator startOperator() {
    FleetloopMetrics metrics = new FleetloopMetrics(new SimpleMeterRegistry());
    Clock clock = Clock.systemUTC();
    OperatorContext context =
        new OperatorContext(
            clock,
            SpecContract.fromClasspath(),
            new RecordingEvents(),
            metrics,
            ConditionAudit.recordingTo(new Recorder(), metrics, clock));
    Datasets datasets =
        new Datasets() {
          @Override
          public long pendingSamples(List<String> triggers) {
            asked.add(List.copyOf(triggers));
            return pending.get();
          }

          @Override
          public Snapshot cutSnapshot(
              List<String> triggers, String requestedBy, long minClips, String key) {
            throw new UnsupportedOperationException("the loop never cuts");
          }

          @Override
          public Optional<String> manifestUri(String id) {
            return Optional.empty();
          }
        };
    ReleaseStatsSource stats =
        new ReleaseStatsSource() {
          @Override
          public Answer fetch(List<String> versions) {
            var readings = new TreeMap<ExposureReadings.Key, Exposure>();
            exposure
                .get()
                .forEach(
                    (c, e) ->
                        readings.put(
                            new ExposureReadings.Key(versions.get(0), ExposureReadings.DRIVING, c),
                            e));
            return new Readings(new ExposureReadings(readings, Map.of()));
          }

          @Override
          public String describe() {
            return "fake exposure";
          }
        };
    Operator o =
        new Operator(
            c ->
                c.withKubernetesClient(client)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withCloseClientOnStop(false));
    o.register(
        new LoopReconciler(context, datasets, stats, Duration.ofMillis(300), FocusPlan.DEFAULT),
        c -> c.settingNamespaces(Set.of(ns)).withGenerationAware(false));
    o.start();
    return o;
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.stop();
    }
    if (client != null) {
      client.resources(TrainingRun.class).inNamespace(ns).delete();
      client.resources(DataTrigger.class).inNamespace(ns).delete();
      client.resources(FleetRelease.class).inNamespace(ns).delete();
      client.close();
    }
  }

  @Test
  void generationsFollowSamplesOneAtATimeAndTheFocusFollowsInterventions() {
    pending.set(1234);
    FleetRelease release =
        Fixtures.fleetRelease(
            ns,
            "model-y",
            Fixtures.releaseSpec(1, 100)
                .withLoop(
                    new LoopSpec()
                        .withRetrainWhenNewSamples(5000)
                        .withTrainingTemplate(
                            Fixtures.runSpec("gpu", "chip")
                                .withDataset(Fixtures.fromTriggers("takeovers"))
                                .withPromotion(Fixtures.promoteInto("x").withPolicy("Auto")))));
    client.resource(release).create();
    setStableVersion("policy-g4");

    // too few samples: no run, the reason in words
    OperatorEnvironment.eventually()
        .untilAsserted(
            () -> {
              LoopStatus loop = loop();
              assertThat(loop.getReason()).isEqualTo(LoopStatus.REASON_WAITING_FOR_SAMPLES);
              assertThat(loop.getWaitingFor()).isEqualTo("1,234 of 5,000 new samples");
            });
    assertThat(runs()).isEmpty();
    assertThat(asked).contains(List.of("datatrigger/" + ns + "/takeovers"));

    // enough: g1 from the template, based on the stable version
    pending.set(5000);
    OperatorEnvironment.eventually().untilAsserted(() -> assertThat(runs()).hasSize(1));
    TrainingRun g1 = run("model-y-g1");
    assertThat(g1.getMetadata().getLabels())
        .containsEntry(LoopRuns.RELEASE_LABEL, "model-y")
        .containsEntry(LoopRuns.GENERATION_LABEL, "1");
    assertThat(g1.getSpec().getModel().getBaseVersion()).isEqualTo("policy-g4");
    assertThat(g1.getSpec().getPromotion().getRelease()).isEqualTo("model-y");
    assertThat(g1.getSpec().getPromotion().getPolicy()).isEqualTo("Auto");
    OperatorEnvironment.eventually()
        .untilAsserted(
            () -> {
              LoopStatus loop = loop();
              assertThat(loop.getGeneration()).isEqualTo(1);
              assertThat(loop.getLastRun()).isEqualTo("model-y-g1");
              assertThat(loop.getReason()).isEqualTo(LoopStatus.REASON_GENERATION_IN_PROGRESS);
              assertThat(loop.getWaitingFor()).contains("model-y-g1");
            });

    // g1 runs: plenty of samples, still no second run, across a restart of the controller
    pending.set(50_000);
    setRunCondition("model-y-g1", TrainingRunStatus.RUNNING, ConditionTypes.TRUE, null);
    operator.stop();
    operator = startOperator();
    long looks = asked.size();
    // several looks of the restarted controller pass (it looks again every 300 ms)
    org.awaitility.Awaitility.await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(runs())
                    .extracting(r -> r.getMetadata().getName())
                    .containsExactly("model-y-g1"));
    assertThat(asked.size())
        .as("the curator is not asked while a generation runs")
        .isEqualTo(looks);

    // g1 promoted and stable, fog/construction is where it intervenes most: focus trigger + g2
    exposure.set(
        Map.of(
            "clear/highway/day/dry", Exposure.of(2000, 2),
            "fog/construction/night/wet", Exposure.of(100, 5)));
    // as an Auto promotion does: the release's spec names the new model, then the run says so
    FleetRelease promoted =
        client.resources(FleetRelease.class).inNamespace(ns).withName("model-y").get();
    promoted.getSpec().getModel().setVersion("policy-g5");
    client.resource(promoted).update();
    setRunCondition("model-y-g1", TrainingRunStatus.PROMOTED, ConditionTypes.TRUE, "policy-g5");
    // promoted but still rolling out: the next generation waits for the model the fleet keeps
    OperatorEnvironment.eventually()
        .untilAsserted(
            () -> {
              assertThat(loop().getReason()).isEqualTo(LoopStatus.REASON_ROLLOUT_IN_PROGRESS);
              assertThat(loop().getWaitingFor()).isEqualTo("the rollout of policy-g5 to finish");
            });
    assertThat(runs()).hasSize(1);
    patchReleaseStatus("{\"candidateVersion\":\"policy-g5\"}");
    assertThat(runs()).hasSize(1);
    patchReleaseStatus("{\"stableVersion\":\"policy-g5\",\"candidateVersion\":null}");
    OperatorEnvironment.eventually().untilAsserted(() -> assertThat(runs()).hasSize(2));
    DataTrigger focus = trigger("model-y-focus");
    assertThat(focus.getSpec().getCondition())
        .isEqualTo("env.weather == 'fog' && env.zone == 'construction'");
    assertThat(focus.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo("model-y");
    assertThat(focus.getSpec().getFleetSelector().getMatchLabels())
        .containsEntry("fleet", "model-y-na");
    TrainingRun g2 = run("model-y-g2");
    assertThat(g2.getSpec().getModel().getBaseVersion()).isEqualTo("policy-g5");
    assertThat(g2.getSpec().getDataset().getTriggers())
        .containsExactly("takeovers", "model-y-focus");
    OperatorEnvironment.eventually()
        .untilAsserted(
            () -> {
              assertThat(loop().getGeneration()).isEqualTo(2);
              assertThat(loop().getFocusCondition()).contains("'fog'");
              assertThat(loop().getFocusVersion()).isEqualTo("policy-g5");
            });

    // the fleet's interventions move to rain/urban: the focus trigger's condition follows
    exposure.set(
        Map.of(
            "fog/construction/night/wet", Exposure.of(1000, 5),
            "rain/urban/day/wet", Exposure.of(500, 20)));
    OperatorEnvironment.eventually()
        .untilAsserted(
            () ->
                assertThat(trigger("model-y-focus").getSpec().getCondition())
                    .isEqualTo("env.weather == 'rain' && env.zone == 'urban'"));
    assertThat(audited)
        .anyMatch(
            t ->
                t.type().equals(LoopReconciler.LOOP)
                    && t.reason().equals(LoopStatus.REASON_GENERATION_STARTED))
        .anyMatch(t -> t.type().equals(LoopReconciler.LOOP_FOCUS) && t.message().contains("rain"));
  }

  private static LoopStatus loop() {
    FleetRelease r = client.resources(FleetRelease.class).inNamespace(ns).withName("model-y").get();
    assertThat(r.getStatus()).isNotNull();
    assertThat(r.getStatus().getLoop()).isNotNull();
    return r.getStatus().getLoop();
  }

  private static List<TrainingRun> runs() {
    return client.resources(TrainingRun.class).inNamespace(ns).list().getItems();
  }

  private static TrainingRun run(String name) {
    return client.resources(TrainingRun.class).inNamespace(ns).withName(name).get();
  }

  private static DataTrigger trigger(String name) {
    DataTrigger t = client.resources(DataTrigger.class).inNamespace(ns).withName(name).get();
    assertThat(t).as("DataTrigger " + name).isNotNull();
    return t;
  }

  /** Plays the rollout: the stable version in status (merge patch, as the loop does its own). */
  private static void setStableVersion(String version) {
    patchReleaseStatus("{\"stableVersion\":\"" + version + "\"}");
  }

  private static void patchReleaseStatus(String fields) {
    client
        .resources(FleetRelease.class)
        .inNamespace(ns)
        .withName("model-y")
        .subresource("status")
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            "{\"status\":" + fields + "}");
  }

  /** Plays the TrainingRun reconciler: sets a condition (and the produced model) on a run. */
  private static void setRunCondition(String name, String type, String status, String model) {
    TrainingRun run = run(name);
    TrainingRunStatus s = run.getStatus() == null ? new TrainingRunStatus() : run.getStatus();
    Conditions.set(s, type, status, "Test", "set by the test", 1L, Instant.now());
    if (model != null) {
      s.setModelVersion(new ModelVersion().withName(model));
    }
    run.setStatus(s);
    client.resource(run).updateStatus();
  }

  /** Keeps every condition transition the controller records. */
  private static final class Recorder implements AuditRecorder {
    @Override
    public Recorded recordCondition(ConditionTransition transition) {
      audited.add(transition);
      return new Recorded("k", Outcome.APPENDED, audited.size(), "");
    }

    @Override
    public Recorded record(AuditEvent event, String idempotencyKey) {
      return new Recorded(idempotencyKey, Outcome.APPENDED, 0, "");
    }
  }
}
