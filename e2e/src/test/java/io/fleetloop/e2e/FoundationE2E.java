package io.fleetloop.e2e;

import static io.fleetloop.e2e.Cluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fleetloop.api.common.Condition;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.common.FleetloopStatus;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.DataTriggerStatus;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.FleetReleaseStatus;
import io.fleetloop.api.v1alpha1.HardwarePool;
import io.fleetloop.api.v1alpha1.RolloutStage;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.api.v1alpha1.TrainingRunReasons;
import io.fleetloop.api.v1alpha1.TrainingRunStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The foundation, end to end, through the Kubernetes API only: the examples of {@code
 * manifests/examples/} are created, reconciled, changed, broken and deleted. Runs unchanged on the
 * embedded control plane and on a cluster with Fleetloop installed (see {@link ClusterTarget}).
 *
 * <p>The reasons asserted are the operator's published API (what {@code kubectl describe} shows),
 * written out as strings: this module knows nothing of the operator's classes.
 */
class FoundationE2E {

  @RegisterExtension static final Cluster cluster = new Cluster();

  private static Examples examples;

  @BeforeAll
  static void loadTheExamples() {
    examples = Examples.load(cluster.namespace(), cluster.poolSuffix());
  }

  @Test
  void theExamplesGoThroughTheirLifecycle() {
    // A run whose pools do not exist yet waits, and says which pool it waits for.
    TrainingRun run = cluster.create(Examples.copy(examples.runs().get(0)));
    String runName = run.getMetadata().getName();
    String firstPool = run.getSpec().getPhases().get(0).getPool();
    eventually()
        .untilAsserted(
            () ->
                assertThat(cluster.condition(TrainingRun.class, runName, ConditionTypes.READY))
                    .get()
                    .returns(ConditionTypes.FALSE, Condition::getStatus)
                    .returns("PoolNotFound", Condition::getReason)
                    .satisfies(c -> assertThat(c.getMessage()).contains(firstPool)));

    // Everything it refers to appears: pools, triggers, the release.
    examples.pools().forEach(p -> cluster.create(Examples.copy(p)));
    examples.triggers().forEach(t -> cluster.create(Examples.copy(t)));
    examples.releases().forEach(r -> cluster.create(Examples.copy(r)));

    for (HardwarePool pool : examples.pools()) {
      String name = pool.getMetadata().getName();
      eventually()
          .untilAsserted(
              () -> {
                HardwarePool current = cluster.get(HardwarePool.class, name);
                assertReady(current, "CapacityAvailable");
                assertThat(current.getStatus().getCapacity())
                    .isEqualTo(current.getSpec().getCapacity());
                assertThat(current.getStatus().getAllocated()).isZero();
              });
    }
    for (DataTrigger trigger : examples.triggers()) {
      String name = trigger.getMetadata().getName();
      eventually()
          .untilAsserted(
              () -> {
                DataTrigger current = cluster.get(DataTrigger.class, name);
                assertReady(current, "Compiled");
                assertThat(current.getStatus().condition(DataTriggerStatus.COMPILED))
                    .get()
                    .returns(ConditionTypes.TRUE, Condition::getStatus);
                // without a release channel distribution is unknown; with one (the local loop, a
                // cluster) the copy is distributed to the fleet it selects, which no device joins
                assertThat(current.getStatus().condition(DataTriggerStatus.DISTRIBUTED))
                    .get()
                    .satisfies(
                        c ->
                            assertThat(c.getStatus() + "/" + c.getReason())
                                .isIn(
                                    ConditionTypes.UNKNOWN
                                        + "/"
                                        + DataTriggerStatus.REASON_NO_RELEASE_CHANNEL,
                                    ConditionTypes.TRUE + "/" + DataTriggerStatus.REASON_DEPLOYED,
                                    ConditionTypes.TRUE + "/" + DataTriggerStatus.REASON_CANARY,
                                    ConditionTypes.FALSE + "/" + DataTriggerStatus.REASON_CANARY));
              });
    }
    for (FleetRelease release : examples.releases()) {
      String name = release.getMetadata().getName();
      eventually()
          .untilAsserted(
              () -> {
                FleetRelease current = cluster.get(FleetRelease.class, name);
                assertReady(current, "ReferencesResolved");
                // without a release channel nothing rolls out; with one the first model is the
                // stable one and no candidate runs
                assertThat(current.getStatus().condition(FleetReleaseStatus.PROGRESSING))
                    .get()
                    .satisfies(
                        c ->
                            assertThat(c.getStatus() + "/" + c.getReason())
                                .isIn(
                                    ConditionTypes.UNKNOWN + "/NoReleaseChannel",
                                    ConditionTypes.FALSE + "/Stable"));
              });
    }

    // The waiting run resolves by itself: nobody touched it.
    eventually()
        .untilAsserted(
            () -> {
              TrainingRun current = cluster.get(TrainingRun.class, runName);
              assertReady(current, "ReferencesResolved");
              assertThat(current.getMetadata().getGeneration()).isEqualTo(1L);
              assertThat(current.getStatus().condition(TrainingRunStatus.ADMITTED))
                  .get()
                  .returns(ConditionTypes.FALSE, Condition::getStatus)
                  // it waits for new samples from its triggers: on the embedded control plane no
                  // curator runs; on a cluster with one, the samples have not arrived yet
                  .satisfies(
                      c ->
                          assertThat(c.getReason())
                              .isIn(
                                  TrainingRunReasons.CURATOR_UNAVAILABLE,
                                  TrainingRunReasons.WAITING_FOR_SAMPLES));
            });

    // Events tell the story (kubectl describe).
    assertThat(cluster.client().v1().events().inNamespace(cluster.namespace()).list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("PoolNotFound"))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("ReferencesResolved"));

    // A spec change is reconciled again.
    String triggerName = examples.triggers().get(0).getMetadata().getName();
    cluster.edit(
        DataTrigger.class,
        triggerName,
        t -> t.getSpec().setCondition("frame.takeover && frame.speedMps > 5.0"));
    eventually()
        .untilAsserted(
            () -> {
              DataTrigger current = cluster.get(DataTrigger.class, triggerName);
              assertThat(current.getMetadata().getGeneration()).isEqualTo(2L);
              assertReady(current, "Compiled");
            });

    // Deleting a pool a run needs sends the run back to waiting.
    String pool = examples.pools().get(0).getMetadata().getName();
    cluster.deleteAndAwaitGone(HardwarePool.class, pool);
    eventually()
        .untilAsserted(
            () ->
                assertThat(cluster.condition(TrainingRun.class, runName, ConditionTypes.READY))
                    .get()
                    .returns("PoolNotFound", Condition::getReason));

    // Deletion completes for every kind (the operator's finalizers are removed).
    cluster.deleteAndAwaitGone(TrainingRun.class, runName);
    examples.releases().forEach(r -> cluster.deleteAndAwaitGone(FleetRelease.class, name(r)));
    examples.triggers().forEach(t -> cluster.deleteAndAwaitGone(DataTrigger.class, name(t)));
    examples.pools().stream()
        .skip(1)
        .forEach(p -> cluster.deleteAndAwaitGone(HardwarePool.class, name(p)));
  }

  @Test
  void aConditionThatDoesNotCompileIsReportedWithItsPosition() {
    DataTrigger trigger = Examples.copy(examples.triggers().get(0));
    trigger.getMetadata().setName("typo");
    trigger.getSpec().setCondition("frame.takover");
    cluster.create(trigger);

    eventually()
        .untilAsserted(
            () -> {
              assertThat(cluster.condition(DataTrigger.class, "typo", DataTriggerStatus.COMPILED))
                  .get()
                  .returns(ConditionTypes.FALSE, Condition::getStatus)
                  .returns("CompileError", Condition::getReason)
                  .satisfies(c -> assertThat(c.getMessage()).contains("1:7", "takover"));
              assertThat(cluster.condition(DataTrigger.class, "typo", ConditionTypes.READY))
                  .get()
                  .returns(ConditionTypes.FALSE, Condition::getStatus);
            });
  }

  @Test
  void stagesThatDoNotIncreaseAreRefused() {
    FleetRelease release = Examples.copy(examples.releases().get(0));
    release.getMetadata().setName("backwards");
    release
        .getSpec()
        .setStages(
            List.of(
                new RolloutStage().withPercent(50),
                new RolloutStage().withPercent(10),
                new RolloutStage().withPercent(100)));

    assertRefusedOrInvalid(
        release, FleetRelease.class, "stage percentages must be strictly increasing");
  }

  @Test
  void arithmeticOnAGpuPoolIsRefused() {
    HardwarePool gpu =
        examples.pools().stream()
            .filter(p -> "GPU".equals(p.getSpec().getAccelerator().getKind()))
            .findFirst()
            .map(Examples::copy)
            .orElseThrow();
    HardwarePool chip =
        examples.pools().stream()
            .filter(p -> "EdgeChip".equals(p.getSpec().getAccelerator().getKind()))
            .findFirst()
            .orElseThrow();
    gpu.getMetadata().setName("gpu-with-arithmetic-" + cluster.poolSuffix());
    gpu.getSpec().getAccelerator().setArithmetic(chip.getSpec().getAccelerator().getArithmetic());

    assertRefusedOrInvalid(
        gpu,
        HardwarePool.class,
        "arithmetic is required for EdgeChip pools and not allowed for GPU pools");
  }

  /**
   * A real API server refuses a resource that breaks a CEL rule; the embedded one stores it and the
   * operator reports {@code Ready=False/InvalidSpec}. Either way the user reads the rule's message.
   */
  private <S extends FleetloopStatus, R extends CustomResource<?, S>> void assertRefusedOrInvalid(
      R resource, Class<R> type, String ruleMessage) {
    String name = resource.getMetadata().getName();
    Optional<String> refused = cluster.createRefused(resource);
    if (refused.isPresent()) {
      assertThat(refused.get()).contains(ruleMessage);
      return;
    }
    eventually()
        .untilAsserted(
            () ->
                assertThat(cluster.condition(type, name, ConditionTypes.READY))
                    .get()
                    .returns(ConditionTypes.FALSE, Condition::getStatus)
                    .returns("InvalidSpec", Condition::getReason)
                    .returns(1L, Condition::getObservedGeneration)
                    .satisfies(c -> assertThat(c.getMessage()).contains(ruleMessage)));
  }

  private static <S extends FleetloopStatus> void assertReady(
      CustomResource<?, S> resource, String reason) {
    assertThat(resource.getStatus()).as("status of %s", name(resource)).isNotNull();
    assertThat(resource.getStatus().getObservedGeneration())
        .isEqualTo(resource.getMetadata().getGeneration());
    assertThat(resource.getStatus().condition(ConditionTypes.READY))
        .get()
        .returns(ConditionTypes.TRUE, Condition::getStatus)
        .returns(reason, Condition::getReason)
        .returns(resource.getMetadata().getGeneration(), Condition::getObservedGeneration);
    assertThat(resource.getMetadata().getFinalizers()).isNotEmpty();
  }

  private static String name(HasMetadata resource) {
    return resource.getMetadata().getName();
  }
}
