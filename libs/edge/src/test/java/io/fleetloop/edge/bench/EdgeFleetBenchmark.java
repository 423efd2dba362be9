package io.fleetloop.edge.bench;

import io.fleetloop.edge.AgentCounters;
import io.fleetloop.edge.EdgeAgent;
import io.fleetloop.edge.EdgeTrigger;
import io.fleetloop.edge.TriggerCounters;
import io.fleetloop.edge.TriggerSet;
import io.fleetloop.world.Driver;
import io.fleetloop.world.FleetSimulator;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.WorldConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Frames per second of the fleet simulator with an edge agent on every vehicle evaluating five
 * DataTriggers (windows, budgets, outbox, encoding included; no uplink), against the simulator
 * alone on the same fleet in the same run.
 *
 * <pre>
 * ./mvnw -q -pl libs/edge test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.fleetloop.edge.bench.EdgeFleetBenchmark [-Dexec.args="10000 2 300 3"]
 * </pre>
 *
 * Arguments: vehicles (10000), simulator threads (2), measured ticks per round (300), rounds (3).
 * Rounds alternate baseline and agents; the median of each is reported. The models are untrained
 * reference-shaped networks (26→32→32→5), active and shadow, as in the simulator benchmark.
 */
public final class EdgeFleetBenchmark {
  private EdgeFleetBenchmark() {}

  static List<EdgeTrigger> fiveTriggers() {
    return List.of(
        EdgeTrigger.builder(EdgeTrigger.idOf("bench", "takeovers"), "frame.takeover")
            .priority(90)
            .build(),
        EdgeTrigger.builder(EdgeTrigger.idOf("bench", "disagreement"), "shadow.disagreement > 0.3")
            .priority(60)
            .samplingRate(0.5)
            .build(),
        EdgeTrigger.builder(
                EdgeTrigger.idOf("bench", "fog-construction"),
                "env.weather == 'fog' && env.zone == 'construction'")
            .priority(70)
            .build(),
        EdgeTrigger.builder(
                EdgeTrigger.idOf("bench", "near-miss"),
                "frame.ttcSeconds < 1.5 && frame.speedMps > 8.0")
            .priority(80)
            .build(),
        EdgeTrigger.builder(
                EdgeTrigger.idOf("bench", "night-pedestrians"),
                "env.light == 'night' && frame.pedestrians > 2 && frame.brake > 0.3")
            .priority(40)
            .build());
  }

  public static void main(String[] args) {
    int vehicles = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int ticks = args.length > 2 ? Integer.parseInt(args[2]) : 300;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    WorldConfig config =
        WorldConfig.defaults().toBuilder().vehicles(vehicles).threads(threads).build();
    PolicyModel active = PolicyModel.untrained("bench", "a", 1);
    PolicyModel shadow = PolicyModel.untrained("bench", "b", 2);
    TriggerSet triggers = TriggerSet.compile(fiveTriggers());
    List<EdgeTrigger> silent = new ArrayList<>();
    for (EdgeTrigger t : fiveTriggers()) {
      silent.add(
          t.toBuilder().condition("(" + t.condition() + ") && frame.speedMps < 0.0").build());
    }
    TriggerSet quiet = TriggerSet.compile(silent);

    try (FleetSimulator alone = new FleetSimulator(config, Driver.MODEL, active, shadow);
        FleetSimulator withAgents = new FleetSimulator(config, Driver.MODEL, active, shadow);
        FleetSimulator withQuiet = new FleetSimulator(config, Driver.MODEL, active, shadow)) {
      EdgeAgent[] agents = new EdgeAgent[vehicles];
      EdgeAgent[] quietAgents = new EdgeAgent[vehicles];
      for (int v = 0; v < vehicles; v++) {
        agents[v] = EdgeAgent.builder(withAgents.device(v), triggers).build();
        quietAgents[v] = EdgeAgent.builder(withQuiet.device(v), quiet).build();
      }
      Runnable baseline = () -> alone.run(ticks);
      Runnable edge = () -> withAgents.run(ticks, f -> agents[f.vehicle()].onFrame(f));
      Runnable evalOnly = () -> withQuiet.run(ticks, f -> quietAgents[f.vehicle()].onFrame(f));

      System.out.printf(
          Locale.ROOT,
          "edge agents: %,d vehicles, %d simulator threads, %d ticks per round, %d rounds,"
              + " %d triggers, %d-frame history per agent%n",
          vehicles,
          threads,
          ticks,
          rounds,
          triggers.size(),
          triggers.maxPreRollFrames() + 1);
      for (TriggerSet.Armed a : triggers.triggers()) {
        System.out.printf(
            Locale.ROOT,
            "  %-36s %-11s %s%n",
            a.id(),
            a.condition().engine(),
            a.spec().condition());
      }
      // warm-up: JIT both paths
      alone.run(100);
      withAgents.run(100, f -> agents[f.vehicle()].onFrame(f));
      withQuiet.run(100, f -> quietAgents[f.vehicle()].onFrame(f));

      double[] base = new double[rounds];
      double[] with = new double[rounds];
      double[] eval = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        base[r] = framesPerSecond(baseline, (long) vehicles * ticks);
        with[r] = framesPerSecond(edge, (long) vehicles * ticks);
        eval[r] = framesPerSecond(evalOnly, (long) vehicles * ticks);
        System.out.printf(
            Locale.ROOT,
            "round %d: simulator alone %,.0f frames/s, + agents %,.0f frames/s,"
                + " + agents whose triggers never fire %,.0f frames/s%n",
            r + 1,
            base[r],
            with[r],
            eval[r]);
      }
      double b = median(base);
      double w = median(with);
      double e = median(eval);
      System.out.printf(
          Locale.ROOT,
          "median: simulator + agents evaluating 5 triggers that never fire %,.0f frames/s;"
              + " ratio %.2f to the simulator alone%n",
          e,
          e / b);
      List<AgentCounters> all = new ArrayList<>(vehicles);
      for (EdgeAgent a : agents) {
        all.add(a.counters());
      }
      AgentCounters sum = AgentCounters.sum("fleet", all);
      System.out.printf(
          Locale.ROOT,
          "median: simulator alone %,.0f frames/s; simulator + 5-trigger agents %,.0f frames/s;"
              + " ratio %.2f (agents cost %.0f ns per frame on top)%n",
          b,
          w,
          w / b,
          (1e9 / w - 1e9 / b) * threads);
      for (TriggerCounters t : sum.triggers()) {
        System.out.printf(
            Locale.ROOT,
            "  %-36s fired %,10d  captured %,7d  cooldown %,10d  sampled out %,8d  budget %,8d%n",
            t.triggerId(),
            t.fired(),
            t.captured(),
            t.cooldownSuppressed(),
            t.sampledOut(),
            t.budgetSuppressed());
      }
      System.out.printf(
          Locale.ROOT,
          "  frames %,d, clips held %,d (%,d bytes)%n",
          sum.frames(),
          sum.heldClips(),
          sum.heldBytes());
    }
  }

  private static double framesPerSecond(Runnable run, long frames) {
    long t0 = System.nanoTime();
    run.run();
    return frames / ((System.nanoTime() - t0) / 1e9);
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
