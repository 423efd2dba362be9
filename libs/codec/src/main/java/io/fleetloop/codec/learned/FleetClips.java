package io.fleetloop.codec.learned;

import io.fleetloop.codec.ClipFrames;
import io.fleetloop.world.FleetSimulator;
import io.fleetloop.world.FrameView;
import io.fleetloop.world.FrameVisitor;
import io.fleetloop.world.PolicyFeatures;
import io.fleetloop.world.WorldConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Clips of consecutive frames from a simulated fleet, labelled with the human's (oracle's) action:
 * the fleet data a codec is trained and measured on. Humans drive with the same steering noise and
 * longitudinal slips as the policy's demonstrations, so the clips hold recovery states too, and
 * every condition the world generates (common and rare) appears at its natural frequency.
 *
 * <p>Deterministic: the same world, ticks and sampling give the same clips whatever the thread
 * count.
 */
public final class FleetClips {
  private FleetClips() {}

  /**
   * Records every {@code vehicleStride}-th vehicle of a human-driven fleet for {@code ticks} ticks
   * and cuts each vehicle's frames into consecutive, non-overlapping clips of {@code clipFrames}
   * frames (a remainder shorter than a clip is dropped), ordered by vehicle then time.
   *
   * @throws IllegalArgumentException when {@code ticks < clipFrames} or a count is not positive
   */
  public static List<ClipFrames> humanDriven(
      WorldConfig world, int ticks, int clipFrames, int vehicleStride) {
    if (clipFrames < 1 || vehicleStride < 1 || ticks < clipFrames) {
      throw new IllegalArgumentException(
          "need clipFrames ≥ 1, vehicleStride ≥ 1 and ticks ≥ clipFrames, got "
              + clipFrames
              + ", "
              + vehicleStride
              + ", "
              + ticks);
    }
    WorldConfig noisy = world.toBuilder().humanSteeringNoise(0.05).humanSlipsPerMinute(2).build();
    int recorded = (noisy.vehicles() + vehicleStride - 1) / vehicleStride;
    Recorder recorder = new Recorder(recorded, ticks, vehicleStride);
    try (FleetSimulator sim = FleetSimulator.humanDriven(noisy)) {
      recorder.startTick = sim.tick();
      sim.run(ticks, recorder);
    }
    List<ClipFrames> clips = new ArrayList<>();
    for (int slot = 0; slot < recorded; slot++) {
      for (int start = 0; start + clipFrames <= ticks; start += clipFrames) {
        clips.add(recorder.clip(slot, start, clipFrames));
      }
    }
    return clips;
  }

  /** Per recorded vehicle, struct-of-arrays over ticks; each vehicle is written by one worker. */
  private static final class Recorder implements FrameVisitor {
    private final int ticks;
    private final int stride;
    private final float[][] features;
    private final byte[][] action;
    private final float[][] steering;
    private final byte[][] active;
    private final int[][] condition;
    private final long[] firstTimestamp;
    long startTick;

    Recorder(int vehicles, int ticks, int stride) {
      this.ticks = ticks;
      this.stride = stride;
      features = new float[vehicles][ticks * PolicyFeatures.COUNT];
      action = new byte[vehicles][ticks];
      steering = new float[vehicles][ticks];
      active = new byte[vehicles][ticks];
      condition = new int[vehicles][ticks];
      firstTimestamp = new long[vehicles];
    }

    @Override
    public void visit(FrameView f) {
      if (f.vehicle() % stride != 0) {
        return;
      }
      int slot = f.vehicle() / stride;
      int t = (int) (f.tick() - startTick);
      if (t == 0) {
        firstTimestamp[slot] = f.timestampMs();
      }
      f.features(features[slot], t * PolicyFeatures.COUNT);
      action[slot][t] = (byte) f.oracleCategory();
      steering[slot][t] = (float) f.oracleSteering();
      active[slot][t] = (byte) f.activeCategory();
      condition[slot][t] = f.condition();
    }

    ClipFrames clip(int slot, int start, int frames) {
      int c = PolicyFeatures.COUNT;
      float[] x = new float[frames * c];
      System.arraycopy(features[slot], start * c, x, 0, frames * c);
      byte[] human = new byte[frames];
      System.arraycopy(action[slot], start, human, 0, frames);
      float[] steer = new float[frames];
      System.arraycopy(steering[slot], start, steer, 0, frames);
      byte[] act = new byte[frames];
      System.arraycopy(active[slot], start, act, 0, frames);
      byte[] shadow = new byte[frames];
      java.util.Arrays.fill(shadow, ClipFrames.NO_SHADOW);
      byte[] flags = new byte[frames];
      java.util.Arrays.fill(flags, (byte) ClipFrames.FLAG_HUMAN_DRIVING);
      int trigger = frames / 2;
      return new ClipFrames(
          c,
          frames,
          firstTimestamp[slot] + (long) WorldConfig.DT_MS * start,
          (int) WorldConfig.DT_MS,
          condition[slot][start + trigger],
          trigger,
          x,
          human,
          steer,
          act,
          shadow,
          flags,
          new float[frames]);
    }
  }
}
