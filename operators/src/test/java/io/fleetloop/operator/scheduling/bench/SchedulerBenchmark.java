package io.fleetloop.operator.scheduling.bench;

import io.fleetloop.operator.scheduling.PoolPolicy;
import io.fleetloop.operator.scheduling.PoolScheduler;
import io.fleetloop.operator.scheduling.SchedulingCore;
import io.fleetloop.operator.scheduling.Workload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * How long one admission decision takes with a long queue, against the floor of the same run: only
 * sorting the queue in the pool's order (what any ordered admission must do).
 *
 * <pre>
 * ./mvnw -q -pl operators test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.fleetloop.operator.scheduling.bench.SchedulerBenchmark
 * </pre>
 */
public final class SchedulerBenchmark {

  private SchedulerBenchmark() {}

  public static void main(String[] args) {
    Random random = new Random(7);
    Instant t0 = Instant.parse("2026-11-21T00:00:00Z");
    for (int queued : new int[] {100, 1_000, 10_000}) {
      List<Workload> admitted = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        admitted.add(new Workload("ns/held-" + i, "p", "pool", 1, random.nextInt(10), t0));
      }
      List<Workload> waiting = new ArrayList<>();
      for (int i = 0; i < queued; i++) {
        waiting.add(
            new Workload(
                "ns/run-" + i,
                "p",
                "pool",
                1 + random.nextInt(8),
                random.nextInt(100),
                t0.plusSeconds(random.nextInt(86_400))));
      }
      PoolPolicy policy = new PoolPolicy(64, false, true);
      int rounds = Math.max(20, 200_000 / queued);
      double sortNs =
          time(rounds, () -> new ArrayList<>(waiting).sort(SchedulingCore.order(policy)));
      double planNs = time(rounds, () -> SchedulingCore.plan(policy, admitted, waiting));
      PoolScheduler scheduler = new PoolScheduler();
      scheduler.seedOnce(() -> admitted);
      waiting.forEach(w -> scheduler.request(w, policy));
      Workload probe = waiting.get(queued / 2);
      double requestNs = time(rounds, () -> scheduler.request(probe, policy));
      System.out.printf(
          "queue %,6d: plan %,10.1f us, request (lock + plan + announce) %,10.1f us,"
              + " baseline sort-only %,10.1f us -> plan/baseline %.2fx, request/baseline %.2fx%n",
          queued, planNs / 1e3, requestNs / 1e3, sortNs / 1e3, planNs / sortNs, requestNs / sortNs);
    }
  }

  private static double time(int rounds, Runnable r) {
    for (int i = 0; i < rounds; i++) {
      r.run(); // warm-up
    }
    long start = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      r.run();
    }
    return (System.nanoTime() - start) / (double) rounds;
  }
}
