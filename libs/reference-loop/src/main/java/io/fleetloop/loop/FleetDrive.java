package io.fleetloop.loop;

import io.fleetloop.codec.FeatureCodec;
import io.fleetloop.edge.EdgeAgent;
import io.fleetloop.edge.OutboxLimits;
import io.fleetloop.edge.QueuedClip;
import io.fleetloop.edge.TriggerSet;
import io.fleetloop.world.Driver;
import io.fleetloop.world.FleetSimulator;
import io.fleetloop.world.FleetStats;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.WorldConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * One generation's drive: a {@link FleetSimulator} driven by the current model (and a shadow model
 * when one is given), one {@link EdgeAgent} per vehicle running the generation's DataTriggers, and
 * the outboxes drained after every chunk of ticks as an uplink would. No network: the drained clips
 * are handed to curation in-process.
 */
final class FleetDrive {
  private static final int CHUNK_TICKS = 100;

  private FleetDrive() {}

  /**
   * What a drive produced.
   *
   * @param stats the fleet's statistics (km and interventions per condition)
   * @param clips the uploaded clips, by vehicle then capture order
   * @param droppedClips clips the outboxes dropped (full)
   */
  record Result(FleetStats stats, List<UploadedClip> clips, long droppedClips) {}

  static Result drive(
      WorldConfig world,
      PolicyModel active,
      PolicyModel shadow,
      TriggerSet triggers,
      FeatureCodec codec,
      int ticks,
      long agentSeed) {
    try (FleetSimulator sim = new FleetSimulator(world, Driver.MODEL, active, shadow)) {
      int n = sim.vehicles();
      EdgeAgent[] agents = new EdgeAgent[n];
      for (int v = 0; v < n; v++) {
        agents[v] =
            EdgeAgent.builder(sim.device(v), triggers)
                .codec(codec)
                .outboxLimits(OutboxLimits.defaults())
                .seed(agentSeed)
                .modelVersion(active.version(), shadow == null ? "" : shadow.version())
                .build();
      }
      List<UploadedClip> clips = new ArrayList<>();
      for (int done = 0; done < ticks; done += CHUNK_TICKS) {
        sim.run(Math.min(CHUNK_TICKS, ticks - done), f -> agents[f.vehicle()].onFrame(f));
        drain(agents, clips);
      }
      for (EdgeAgent a : agents) {
        a.flushWindows();
      }
      drain(agents, clips);
      long dropped = 0;
      for (EdgeAgent a : agents) {
        dropped += a.counters().total("all").dropped();
      }
      return new Result(sim.stats(), clips, dropped);
    }
  }

  private static void drain(EdgeAgent[] agents, List<UploadedClip> into) {
    for (int v = 0; v < agents.length; v++) {
      QueuedClip c;
      while ((c = agents[v].outbox().next()) != null) {
        into.add(new UploadedClip(v, c.sequence(), c.clip()));
        agents[v].outbox().acknowledged(c);
      }
    }
  }
}
