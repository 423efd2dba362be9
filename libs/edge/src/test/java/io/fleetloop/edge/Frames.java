package io.fleetloop.edge;

import io.fleetloop.codec.ClipFormat;
import io.fleetloop.codec.ClipFrames;
import io.fleetloop.codec.CodecResolver;
import io.fleetloop.trigger.Device;
import io.fleetloop.trigger.Env;
import io.fleetloop.trigger.Frame;
import io.fleetloop.world.PolicyFeatures;
import io.fleetloop.world.PolicyModel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/** Fixtures: a device fed synthetic frames whose first feature is the frame number. */
final class Frames {
  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  static final long DAY_MS = 86_400_000L;
  static final Device DEVICE = new Device("dev-00001", Map.of("fleet", "test"), "sim-fp32");
  static final PolicyModel ACTIVE = PolicyModel.untrained("policy", "a", 1);
  static final PolicyModel SHADOW = PolicyModel.untrained("policy", "b", 2);

  private Frames() {}

  static EdgeTrigger.Builder trigger(String name, String condition) {
    return EdgeTrigger.builder(EdgeTrigger.idOf("test", name), condition)
        .window(Duration.ZERO, Duration.ZERO)
        .cooldown(Duration.ZERO)
        .clipsPerDevicePerDay(1_000_000)
        .bytesPerDevicePerDay(1L << 40);
  }

  static EdgeAgent agent(EdgeTrigger... triggers) {
    return agent(DEVICE, OutboxLimits.defaults(), triggers);
  }

  static EdgeAgent agent(Device device, OutboxLimits limits, EdgeTrigger... triggers) {
    return EdgeAgent.builder(device, TriggerSet.compile(List.of(triggers)))
        .models(new ShadowMode(ACTIVE, SHADOW))
        .outboxLimits(limits)
        .build();
  }

  /** Frame {@code i} at {@code T0 + i × 100 ms}: takeover where {@code takeover} says. */
  static DeviceFrame frame(int i, long timestampMs, boolean takeover) {
    float[] features = new float[PolicyFeatures.COUNT];
    features[0] = i;
    features[1] = 1;
    Frame f = Frame.builder().speedMps(12).takeover(takeover).timestampMs(timestampMs).build();
    return new DeviceFrame(f, Env.DEFAULT, features, i % 4, 0.01 * (i % 100), takeover);
  }

  /** Feeds frames {@code 0 .. n-1} at 10 Hz from {@code T0}. */
  static void drive(EdgeAgent agent, int n, IntPredicate takeover) {
    drive(agent, 0, n, T0, takeover);
  }

  static void drive(EdgeAgent agent, int from, int n, long t0, IntPredicate takeover) {
    for (int i = from; i < from + n; i++) {
      agent.onFrame(frame(i, t0 + i * 100L, takeover.test(i)));
    }
  }

  /** Every held clip, decoded, in upload order (takes them out of the outbox). */
  static List<ClipFrames> takeAll(EdgeAgent agent) {
    EdgeOutbox box = agent.outbox();
    java.util.ArrayList<ClipFrames> clips = new java.util.ArrayList<>();
    QueuedClip c;
    while ((c = box.next()) != null) {
      clips.add(ClipFormat.read(c.clip().payload(), new CodecResolver()));
      box.acknowledged(c);
    }
    return clips;
  }
}
