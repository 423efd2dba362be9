package io.fleetloop.trainer;

import io.fleetloop.codec.ClipFrames;
import io.fleetloop.world.Conditions;
import io.fleetloop.world.PolicyFeatures;
import io.fleetloop.world.PolicyTraining;
import io.fleetloop.world.WorldConfig;
import io.fleetloop.world.model.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Small, deterministic training data from the reference world. */
final class TestData {
  private TestData() {}

  /** Human demonstrations over all conditions ({@link TrainingSamples} layout). */
  static Dataset demonstrations(long seed, int vehicles, int ticks, int stride) {
    WorldConfig world = WorldConfig.defaults().toBuilder().seed(seed).vehicles(vehicles).build();
    return TrainingSamples.fromPolicyDataset(
        PolicyTraining.humanDemonstrations(world, ticks, stride, Conditions.ALL));
  }

  /** The samples cut into clips of {@code frames} consecutive samples, as a device would upload. */
  static List<ClipFrames> clips(Dataset data, int frames, int count) {
    List<ClipFrames> clips = new ArrayList<>();
    float[] x = new float[PolicyFeatures.COUNT];
    for (int c = 0; c < count && (c + 1) * frames <= data.size(); c++) {
      float[] features = new float[frames * PolicyFeatures.COUNT];
      byte[] action = new byte[frames];
      float[] steering = new float[frames];
      for (int f = 0; f < frames; f++) {
        int i = c * frames + f;
        data.input(i, x);
        System.arraycopy(x, 0, features, f * PolicyFeatures.COUNT, PolicyFeatures.COUNT);
        action[f] = (byte) data.target(i, 0);
        steering[f] = data.target(i, 1);
      }
      byte[] none = new byte[frames];
      byte[] shadow = new byte[frames];
      Arrays.fill(shadow, ClipFrames.NO_SHADOW);
      clips.add(
          new ClipFrames(
              PolicyFeatures.COUNT,
              frames,
              1_700_000_000_000L + c * 10_000L,
              100,
              data.tag(c * frames),
              frames / 2,
              features,
              action,
              steering,
              action.clone(),
              shadow,
              none,
              new float[frames]));
    }
    return clips;
  }
}
