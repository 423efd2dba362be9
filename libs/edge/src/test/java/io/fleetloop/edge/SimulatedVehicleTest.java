package io.fleetloop.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.codec.ClipFrames;
import io.fleetloop.trigger.Shadow;
import io.fleetloop.world.Driver;
import io.fleetloop.world.FleetSimulator;
import io.fleetloop.world.FrameView;
import io.fleetloop.world.PolicyFeatures;
import io.fleetloop.world.WorldConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator path: the agent takes what FleetSimulator computed, models are not run again. */
class SimulatedVehicleTest {

  @Test
  void clipOfASimulatedVehicleCarriesTheSimulatorsFeaturesAndLabels() {
    WorldConfig config = WorldConfig.defaults().toBuilder().vehicles(3).threads(1).build();
    long fireAt = config.startEpochMs() + 40 * WorldConfig.DT_MS;
    EdgeTrigger trigger =
        EdgeTrigger.builder("datatrigger/sim/at-tick-40", "frame.timestampMs == " + fireAt)
            .window(Duration.ofSeconds(1), Duration.ofMillis(500))
            .build();
    TriggerSet set = TriggerSet.compile(List.of(trigger));
    List<float[]> features = new ArrayList<>();
    List<double[]> labels = new ArrayList<>();
    try (FleetSimulator sim =
        new FleetSimulator(config, Driver.MODEL, Frames.ACTIVE, Frames.SHADOW)) {
      EdgeAgent agent = EdgeAgent.builder(sim.device(1), set).build();
      sim.run(
          60,
          (FrameView f) -> {
            if (f.vehicle() != 1) {
              return;
            }
            float[] x = new float[PolicyFeatures.COUNT];
            f.features(x, 0);
            features.add(x);
            labels.add(
                new double[] {
                  f.oracleCategory(),
                  f.activeCategory(),
                  f.shadowCategory(),
                  f.disagreement(),
                  f.takeover() ? 1 : 0
                });
            Shadow s = f.toShadow();
            assertThat(s.disagreement()).isEqualTo(f.disagreement());
            agent.onFrame(f);
          });

      List<ClipFrames> clips = Frames.takeAll(agent);
      assertThat(clips).hasSize(1);
      ClipFrames clip = clips.get(0);
      assertThat(clip.frames()).isEqualTo(16);
      assertThat(clip.triggerFrame()).isEqualTo(10);
      for (int i = 0; i < clip.frames(); i++) {
        int tick = 30 + i;
        assertThat(clip.frameFeatures(i)).isEqualTo(features.get(tick));
        double[] l = labels.get(tick);
        assertThat(clip.humanAction()[i]).isEqualTo((byte) l[0]);
        assertThat(clip.activeAction()[i]).isEqualTo((byte) l[1]);
        assertThat(clip.shadowAction()[i]).isEqualTo((byte) l[2]);
        assertThat(clip.disagreement()[i]).isEqualTo((float) l[3]);
        assertThat(clip.takeover(i)).isEqualTo(l[4] == 1);
      }
      assertThat(agent.counters().trigger(trigger.id()).fired()).isEqualTo(1);
      assertThat(agent.counters().frames()).isEqualTo(60);
    }
  }

  @Test
  void aRealDeviceComputesTheShadowComparisonItself() {
    EdgeTrigger disagree =
        EdgeTrigger.builder("datatrigger/dev/disagree", "shadow.disagreement > 0.0")
            .window(Duration.ZERO, Duration.ZERO)
            .cooldown(Duration.ZERO)
            .build();
    TriggerSet set = TriggerSet.compile(List.of(disagree));
    EdgeAgent same =
        EdgeAgent.builder(Frames.DEVICE, set)
            .models(new ShadowMode(Frames.ACTIVE, Frames.ACTIVE))
            .build();
    EdgeAgent differ =
        EdgeAgent.builder(Frames.DEVICE, set)
            .models(new ShadowMode(Frames.ACTIVE, Frames.SHADOW))
            .build();
    Frames.drive(same, 10, i -> false);
    Frames.drive(differ, 10, i -> false);

    assertThat(same.counters().trigger(disagree.id()).fired()).as("identical models").isZero();
    assertThat(differ.counters().trigger(disagree.id()).fired()).isEqualTo(10);
    ClipFrames clip = Frames.takeAll(differ).get(0);
    assertThat(clip.disagreement()[0]).isBetween(0.0f, 1.0f).isPositive();
    float[] out = Frames.ACTIVE.mlp().forward(clip.frameFeatures(0));
    assertThat(clip.activeAction()[0])
        .isEqualTo((byte) io.fleetloop.world.PolicyModel.category(out));
    assertThat(Arrays.asList(0, 1, 2, 3)).contains((int) clip.shadowAction()[0]);
  }
}
