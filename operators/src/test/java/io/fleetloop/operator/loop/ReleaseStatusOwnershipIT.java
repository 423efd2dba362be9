package io.fleetloop.operator.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.FleetReleaseStatus;
import io.fleetloop.api.v1alpha1.LoopSpec;
import io.fleetloop.api.v1alpha1.LoopStatus;
import io.fleetloop.audit.client.AuditRecorder;
import io.fleetloop.local.ComponentKind;
import io.fleetloop.local.KubeApiComponent;
import io.fleetloop.local.LocalStack;
import io.fleetloop.operator.audit.ConditionAudit;
import io.fleetloop.operator.common.OperatorContext;
import io.fleetloop.operator.common.SpecContract;
import io.fleetloop.operator.fleetrelease.ExposureReadings;
import io.fleetloop.operator.fleetrelease.FleetReleaseReconciler;
import io.fleetloop.operator.fleetrelease.ReleaseStatsSource;
import io.fleetloop.operator.fleetrelease.RolloutLink;
import io.fleetloop.operator.metrics.FleetloopMetrics;
import io.fleetloop.operator.testing.Fixtures;
import io.fleetloop.operator.testing.OperatorEnvironment;
import io.fleetloop.operator.testing.RecordingEvents;
import io.fleetloop.operator.trainingrun.ArtifactStore;
import io.fleetloop.operator.trainingrun.Datasets;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rollout reconciler and the loop controller share a FleetRelease's status (ADR 0010, 0011):
 * neither write may undo the other, and what the loop made goes when the loop or the release does.
 * Both reconcilers run on the in-memory API server; the release channel's readings are fake and the
 * first look at the release {@code raced} is held inside the rollout reconciler until the test lets
 * it go, so the loop controller writes {@code status.loop} while the rollout holds a copy without
 * one.
 */
class ReleaseStatusOwnershipIT {

  private static final String RACED = "raced";
  private static final String RACED_VERSION = "policy-raced";

  private static KubernetesClient client;
  private static String ns;
  private static Operator operator;
  private static final CountDownLatch rolloutLooking = new CountDownLatch(1);
  private static final CountDownLatch letRolloutGo = new CountDownLatch(1);

  @BeforeAll
  static void start() {
    KubeApiComponent api = LocalStack.shared(ComponentKind.KUBE_API).kubeApi();
    client = api.newClient();
    ns = api.createUniqueNamespace("ReleaseStatusOwnershipIT");
    FleetloopMetrics metrics = new FleetloopMetrics(new SimpleMeterRegistry());
    Clock clock = Clock.systemUTC();
    OperatorContext context =
        new OperatorContext(
            clock,
            SpecContract.fromClasspath(),
            new RecordingEvents(),
            metrics,
            ConditionAudit.recordingTo(AuditRecorder.noop(), metrics, clock));
    // the rollout reads empty readings; its first look at "raced" waits for the test
    ReleaseStatsSource held =
        new ReleaseStatsSource() {
          @Override
          public Answer fetch(List<String> versions) {
            if (versions.contains(RACED_VERSION) && rolloutLooking.getCount() > 0) {
              rolloutLooking.countDown();
              try {
                letRolloutGo.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            return new Readings(new ExposureReadings(new java.util.TreeMap<>(), Map.of()));
          }

          @Override
          public String describe() {
            return "held fake exposure";
          }
        };
    operator =
        new Operator(
            c ->
                c.withKubernetesClient(client)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withCloseClientOnStop(false));
    operator.register(
        new FleetReleaseReconciler(
            context,
            new RolloutLink(held, AuditRecorder.noop(), Duration.ofSeconds(30)),
            ArtifactStore.none()),
        c -> c.settingNamespaces(Set.of(ns)).withGenerationAware(false));
    operator.register(
        new LoopReconciler(
            context,
            new FewSamples(),
            ReleaseStatsSource.notConfigured("no channel"),
            Duration.ofSeconds(30),
            FocusPlan.DEFAULT),
        c -> c.settingNamespaces(Set.of(ns)).withGenerationAware(false));
    operator.start();
  }

  @AfterAll
  static void stop() {
    letRolloutGo.countDown();
    if (operator != null) {
      operator.stop();
    }
    if (client != null) {
      client.resources(DataTrigger.class).inNamespace(ns).delete();
      client.resources(FleetRelease.class).inNamespace(ns).delete();
      client.close();
    }
  }

  @Test
  @SuppressWarnings("try") // the watch records while the block runs
  void theRolloutsWriteNeverDropsTheLoopsStatus() throws Exception {
    List<FleetReleaseStatus> seen = new CopyOnWriteArrayList<>();
    try (Watch watch =
        client
            .resources(FleetRelease.class)
            .inNamespace(ns)
            .withName(RACED)
            .watch(new Recording(seen))) {
      FleetRelease raced = release(RACED);
      raced.getSpec().getModel().setVersion(RACED_VERSION);
      client.resource(raced).create();
      assertThat(rolloutLooking.await(30, TimeUnit.SECONDS))
          .as("the rollout reconciler looks at the new release")
          .isTrue();
      // the loop writes status.loop while the rollout holds its copy (no status at all)
      OperatorEnvironment.eventually().until(() -> loop(RACED).isPresent());
      assertThat(status(RACED).getRollout()).isNull();

      letRolloutGo.countDown();
      OperatorEnvironment.eventually()
          .untilAsserted(() -> assertThat(status(RACED).getRollout()).isNotNull());
      assertThat(loop(RACED))
          .get()
          .returns(LoopStatus.REASON_WAITING_FOR_SAMPLES, LoopStatus::getReason);
      // no version of the object ever had the rollout's fields without the loop's
      OperatorEnvironment.eventually()
          .untilAsserted(() -> assertThat(seen).anyMatch(s -> s != null && s.getRollout() != null));
      assertThat(seen)
          .filteredOn(s -> s != null && s.getRollout() != null)
          .allSatisfy(s -> assertThat(s.getLoop()).as("status.loop").isNotNull());
    }
  }

  @Test
  void removingTheLoopRemovesItsFocusTriggerAndStatus() {
    FleetRelease release = client.resource(release("unlooped")).create();
    DataTrigger focus =
        client.resource(FocusTrigger.desired(release, "env.weather == 'fog'")).create();
    OperatorEnvironment.eventually().until(() -> loop("unlooped").isPresent());
    assertThat(focus.getMetadata().getName()).isEqualTo("unlooped-focus");

    // as kubectl patch --type=merge does
    client
        .resources(FleetRelease.class)
        .inNamespace(ns)
        .withName("unlooped")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"loop\":null}}");

    OperatorEnvironment.eventually()
        .untilAsserted(
            () -> {
              assertThat(trigger("unlooped-focus")).isNull();
              assertThat(loop("unlooped")).isEmpty();
            });
    // the rollout's own status is untouched by the loop's leaving
    assertThat(status("unlooped").getStableVersion()).isNotNull();
  }

  @Test
  void deletingTheReleaseDeletesTheTriggerItOwnsAndNoOther() {
    FleetRelease release = client.resource(release("deleted")).create();
    client.resource(FocusTrigger.desired(release, "env.weather == 'rain'")).create();
    DataTrigger someoneElses = Fixtures.dataTrigger(ns, "deleted-other", "env.weather == 'snow'");
    client.resource(someoneElses).create();
    OperatorEnvironment.eventually().until(() -> status("deleted").getRollout() != null);

    client.resources(FleetRelease.class).inNamespace(ns).withName("deleted").delete();

    OperatorEnvironment.eventually()
        .untilAsserted(
            () -> {
              assertThat(
                      client
                          .resources(FleetRelease.class)
                          .inNamespace(ns)
                          .withName("deleted")
                          .get())
                  .isNull();
              assertThat(trigger("deleted-focus")).isNull();
            });
    assertThat(trigger("deleted-other")).isNotNull();
  }

  private static FleetRelease release(String name) {
    return Fixtures.fleetRelease(
        ns,
        name,
        Fixtures.releaseSpec(10, 100)
            .withLoop(
                new LoopSpec()
                    .withRetrainWhenNewSamples(5000)
                    .withTrainingTemplate(
                        Fixtures.runSpec("gpu", "chip")
                            .withDataset(Fixtures.fromTriggers("takeovers"))
                            .withPromotion(Fixtures.promoteInto(name).withPolicy("Auto")))));
  }

  private static FleetReleaseStatus status(String name) {
    FleetRelease r = client.resources(FleetRelease.class).inNamespace(ns).withName(name).get();
    return r == null || r.getStatus() == null ? new FleetReleaseStatus() : r.getStatus();
  }

  private static Optional<LoopStatus> loop(String name) {
    return Optional.ofNullable(status(name).getLoop());
  }

  private static DataTrigger trigger(String name) {
    return client.resources(DataTrigger.class).inNamespace(ns).withName(name).get();
  }

  /** Too few new samples: the loop waits, and says so in status.loop. */
  private static final class FewSamples implements Datasets {
    @Override
    public long pendingSamples(List<String> triggers) {
      return 10;
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
  }

  /** Keeps the status of every version of the release the API server reports. */
  private record Recording(List<FleetReleaseStatus> seen) implements Watcher<FleetRelease> {
    @Override
    public void eventReceived(Action action, FleetRelease resource) {
      seen.add(resource.getStatus());
    }

    @Override
    public void onClose(WatcherException cause) {}
  }
}
