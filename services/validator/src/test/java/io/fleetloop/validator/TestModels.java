package io.fleetloop.validator;

import io.fleetloop.chip.ChipArithmetic;
import io.fleetloop.chip.Rounding;
import io.fleetloop.chip.WeightGranularity;
import io.fleetloop.trainer.ChipDeployment;
import io.fleetloop.trainer.TrainingSamples;
import io.fleetloop.world.Conditions;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.PolicyTraining;
import io.fleetloop.world.WorldConfig;
import io.fleetloop.world.model.Dataset;
import io.fleetloop.world.model.Trainer;
import java.util.Map;
import java.util.TreeMap;

/** Small, deterministic models for the validator's tests, trained on world seed 31. */
final class TestModels {
  static final long TRAIN_SEED = 31;

  /** A small suite size: fast, still a few thousand frames. */
  static final Suites.Size SMALL = new Suites.Size(40, 300);

  private static PolicyModel fp32;

  private TestModels() {}

  /** An FP32 model trained for a few epochs on human demonstrations (cached). */
  static synchronized PolicyModel fp32() {
    if (fp32 == null) {
      WorldConfig world = WorldConfig.defaults().toBuilder().seed(TRAIN_SEED).vehicles(40).build();
      Dataset data = PolicyTraining.humanDemonstrations(world, 400, 5, Conditions.ALL);
      fp32 =
          PolicyTraining.train(
              PolicyModel.untrained(PolicyTraining.POLICY_NAME, "v0", TRAIN_SEED),
              "v1",
              data,
              Trainer.Options.defaults(TRAIN_SEED).withEpochs(4),
              Map.of("worldSeed", Long.toString(TRAIN_SEED)));
    }
    return fp32;
  }

  /** The FP32 model with a chip deployment (min/max PTQ calibration) in its metadata. */
  static PolicyModel chip(Rounding rounding) {
    return chip(fp32(), rounding);
  }

  /** {@code m} with a chip deployment (min/max PTQ calibration) in its metadata. */
  static PolicyModel chip(PolicyModel m, Rounding rounding) {
    WorldConfig world = WorldConfig.defaults().toBuilder().seed(TRAIN_SEED).vehicles(10).build();
    Dataset calib =
        TrainingSamples.fromPolicyDataset(
            PolicyTraining.humanDemonstrations(world, 200, 5, Conditions.ALL));
    ChipDeployment d =
        ChipDeployment.calibrate(
            m.mlp(),
            TrainingSamples.inputs(calib, 2_000),
            new ChipArithmetic(rounding, true),
            WeightGranularity.PER_CHANNEL);
    TreeMap<String, String> meta = new TreeMap<>(m.metadata());
    meta.putAll(d.toMetadata());
    return new PolicyModel(m.name(), m.version() + "-chip", m.mlp(), meta);
  }
}
