package io.fleetloop.trainer.heartbeat;

import io.fleetloop.codec.ClipFormat;
import io.fleetloop.codec.ClipFrames;
import io.fleetloop.codec.CodecResolver;
import io.fleetloop.curator.core.Balancer;
import io.fleetloop.edge.EdgeAgent;
import io.fleetloop.edge.OutboxLimits;
import io.fleetloop.edge.QueuedClip;
import io.fleetloop.trainer.SnapshotDataset;
import io.fleetloop.trainer.TrainingSamples;
import io.fleetloop.world.Conditions;
import io.fleetloop.world.Driver;
import io.fleetloop.world.FleetSimulator;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.WorldConfig;
import io.fleetloop.world.model.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;

/**
 * A dataset shaped like the demo's first snapshot, offline: the generation-0 fleet drives with one
 * {@link EdgeAgent} per vehicle running the demo's DataTriggers (raw codec, as the local fleet),
 * the outboxes are drained after every 100 ticks as the uplink would, and the first {@code clips}
 * uploaded clips become the snapshot: each clip weighted per condition by the curator's {@link
 * Balancer} (as its snapshot planner does) and turned into samples exactly as the trainer's {@link
 * SnapshotDataset} reads them.
 *
 * @param samples the training samples ({@link TrainingSamples} layout)
 * @param clips clips in the snapshot
 * @param clipsPerTrigger clips per trigger name
 * @param rareClips clips in a rare condition
 * @param simulatedSeconds simulated time the fleet drove until the snapshot was full
 */
public record DemoSnapshot(
    Dataset samples,
    int clips,
    Map<String, Integer> clipsPerTrigger,
    int rareClips,
    double simulatedSeconds) {
  private static final int CHUNK_TICKS = 100;
  private static final int MAX_TICKS = 72_000; // two simulated hours: a broken trigger set

  /**
   * Drives {@code gen0} in {@code world} until the fleet uploaded {@code clips} clips.
   *
   * @throws IllegalStateException when two simulated hours were not enough
   */
  public static DemoSnapshot collect(
      PolicyModel gen0, WorldConfig world, DemoManifests demo, int clips, long agentSeed) {
    List<QueuedClip> uploaded = new ArrayList<>();
    long ticks = 0;
    try (FleetSimulator sim = new FleetSimulator(world, Driver.MODEL, gen0, null)) {
      int n = sim.vehicles();
      EdgeAgent[] agents = new EdgeAgent[n];
      for (int v = 0; v < n; v++) {
        agents[v] =
            EdgeAgent.builder(sim.device(v), demo.triggers())
                .outboxLimits(OutboxLimits.defaults())
                .seed(agentSeed)
                .modelVersion(gen0.version(), "")
                .build();
      }
      while (uploaded.size() < clips) {
        if (ticks >= MAX_TICKS) {
          throw new IllegalStateException(
              "the generation-0 fleet uploaded only "
                  + uploaded.size()
                  + " of "
                  + clips
                  + " clips in "
                  + ticks
                  + " ticks");
        }
        sim.run(CHUNK_TICKS, f -> agents[f.vehicle()].onFrame(f));
        ticks += CHUNK_TICKS;
        for (EdgeAgent a : agents) {
          QueuedClip c;
          while ((c = a.outbox().next()) != null) {
            uploaded.add(c);
            a.outbox().acknowledged(c);
          }
        }
      }
    }
    CodecResolver codecs = CodecResolver.of();
    List<ClipFrames> frames = new ArrayList<>(clips);
    Map<Integer, Long> perCondition = new TreeMap<>();
    Map<String, Integer> perTrigger = new TreeMap<>();
    int rare = 0;
    for (QueuedClip c : uploaded.subList(0, clips)) {
      ClipFrames f = ClipFormat.read(c.clip().payload(), codecs);
      frames.add(f);
      perCondition.merge(f.condition(), 1L, Long::sum);
      String id = demo.triggers().get(c.trigger()).id();
      perTrigger.merge(id.substring(id.lastIndexOf('/') + 1), 1, Integer::sum);
      rare += Conditions.RARE.test(f.condition()) ? 1 : 0;
    }
    Map<Integer, Double> weights = Balancer.defaults().weights(perCondition);
    Dataset.Builder out = TrainingSamples.builder();
    for (int k = 0; k < frames.size(); k++) {
      ClipFrames f = frames.get(k);
      SnapshotDataset.addFrames(
          f, weights.get(f.condition()), IntUnaryOperator.identity(), out, "clip " + k);
    }
    return new DemoSnapshot(out.build(), clips, perTrigger, rare, ticks * WorldConfig.DT_S);
  }
}
