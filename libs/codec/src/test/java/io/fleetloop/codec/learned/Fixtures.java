package io.fleetloop.codec.learned;

import io.fleetloop.codec.ClipFrames;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.PolicyTraining;
import io.fleetloop.world.WorldConfig;
import java.util.List;

/** A small policy, fleet clips and a codec trained on them, built once per test JVM. */
final class Fixtures {
  private static PolicyModel policy;
  private static List<ClipFrames> clips;
  private static LearnedFeatureCodec codec;

  private Fixtures() {}

  static synchronized PolicyModel policy() {
    if (policy == null) {
      policy = PolicyTraining.generation0(1, 300, 300, 2);
    }
    return policy;
  }

  /** 75 vehicles × 4 clips of 80 frames from a 300-vehicle fleet, world seed 5. */
  static synchronized List<ClipFrames> clips() {
    if (clips == null) {
      WorldConfig world = WorldConfig.defaults().toBuilder().seed(5).vehicles(300).build();
      clips = FleetClips.humanDriven(world, 320, 80, 4);
    }
    return clips;
  }

  static synchronized LearnedFeatureCodec codec() {
    if (codec == null) {
      codec = train(11);
    }
    return codec;
  }

  static LearnedFeatureCodec train(long seed) {
    return new CodecTrainer(CodecTrainer.Options.defaults(seed).withMaxFrames(6_000))
        .train(policy(), clips());
  }
}
