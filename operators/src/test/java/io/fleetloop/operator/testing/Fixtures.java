package io.fleetloop.operator.testing;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetloop.api.v1alpha1.Accelerator;
import io.fleetloop.api.v1alpha1.ChipArithmetic;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.DataTriggerSpec;
import io.fleetloop.api.v1alpha1.DatasetSource;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.FleetReleaseSpec;
import io.fleetloop.api.v1alpha1.HardwarePool;
import io.fleetloop.api.v1alpha1.HardwarePoolSpec;
import io.fleetloop.api.v1alpha1.ModelRef;
import io.fleetloop.api.v1alpha1.PromotionSpec;
import io.fleetloop.api.v1alpha1.ReleaseModel;
import io.fleetloop.api.v1alpha1.RolloutStage;
import io.fleetloop.api.v1alpha1.TrainingPhase;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.api.v1alpha1.TrainingRunSpec;
import java.util.List;
import java.util.Map;

/**
 * Valid resources to start from, built with the API classes' fluent setters; tests change what they
 * are about.
 */
public final class Fixtures {

  public static final String DIGEST =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  private Fixtures() {}

  public static DataTrigger dataTrigger(String namespace, String name, String condition) {
    DataTrigger trigger = new DataTrigger();
    trigger.setMetadata(meta(namespace, name));
    trigger.setSpec(
        new DataTriggerSpec()
            .withFleetSelector(
                new LabelSelectorBuilder().withMatchLabels(Map.of("fleet", "model-y-na")).build())
            .withCondition(condition));
    return trigger;
  }

  public static HardwarePool gpuPool(String name, int capacity) {
    HardwarePool pool = new HardwarePool();
    pool.setMetadata(new ObjectMetaBuilder().withName(name).withGeneration(1L).build());
    pool.setSpec(
        new HardwarePoolSpec()
            .withAccelerator(
                new Accelerator()
                    .withKind(Accelerator.KIND_GPU)
                    .withModel("h100")
                    .withResourceName("nvidia.com/gpu"))
            .withCapacity(capacity));
    return pool;
  }

  public static HardwarePool edgeChipPool(String name, int capacity) {
    HardwarePool pool = new HardwarePool();
    pool.setMetadata(new ObjectMetaBuilder().withName(name).withGeneration(1L).build());
    pool.setSpec(
        new HardwarePoolSpec()
            .withAccelerator(
                new Accelerator()
                    .withKind(Accelerator.KIND_EDGE_CHIP)
                    .withModel("fsd-hw4")
                    .withResourceName("fleetloop.io/edge-chip")
                    .withArithmetic(chipArithmetic()))
            .withCapacity(capacity));
    return pool;
  }

  public static ChipArithmetic chipArithmetic() {
    return new ChipArithmetic()
        .withWeights("int8")
        .withActivations("int8")
        .withAccumulator("int32")
        .withRounding(ChipArithmetic.ROUNDING_HALF_EVEN);
  }

  public static TrainingPhase phase(String name, String pool, String precision) {
    return new TrainingPhase().withName(name).withPool(pool).withPrecision(precision).withEpochs(3);
  }

  /** A run with an FP32 phase on {@code gpuPool} and a Chip phase on {@code chipPool}. */
  public static TrainingRunSpec runSpec(String gpuPool, String chipPool) {
    return new TrainingRunSpec()
        .withModel(new ModelRef().withName("policy"))
        .withDataset(new DatasetSource().withSnapshot("snap-1"))
        .withPhases(
            List.of(
                phase("pretrain", gpuPool, TrainingPhase.PRECISION_FP32).withParallelism(2),
                phase("hil-finetune", chipPool, TrainingPhase.PRECISION_CHIP)));
  }

  public static TrainingRun trainingRun(String namespace, String name, TrainingRunSpec spec) {
    TrainingRun run = new TrainingRun();
    run.setMetadata(meta(namespace, name));
    run.setSpec(spec);
    return run;
  }

  public static DatasetSource fromTriggers(String... triggers) {
    return new DatasetSource().withTriggers(List.of(triggers));
  }

  public static PromotionSpec promoteInto(String release) {
    return new PromotionSpec().withRelease(release);
  }

  public static FleetReleaseSpec releaseSpec(int... percents) {
    return new FleetReleaseSpec()
        .withFleetSelector(
            new LabelSelectorBuilder().withMatchLabels(Map.of("fleet", "model-y-na")).build())
        .withModel(
            new ReleaseModel()
                .withVersion("policy-g4")
                .withArtifact("s3://models/policy-g4")
                .withDigest(DIGEST))
        .withStages(
            java.util.Arrays.stream(percents)
                .mapToObj(p -> new RolloutStage().withPercent(p))
                .toList());
  }

  public static FleetRelease fleetRelease(String namespace, String name, FleetReleaseSpec spec) {
    FleetRelease release = new FleetRelease();
    release.setMetadata(meta(namespace, name));
    release.setSpec(spec);
    return release;
  }

  private static io.fabric8.kubernetes.api.model.ObjectMeta meta(String namespace, String name) {
    return new ObjectMetaBuilder()
        .withNamespace(namespace)
        .withName(name)
        .withGeneration(1L)
        .build();
  }
}
