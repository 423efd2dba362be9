package io.fleetloop.operator.scheduling;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admission decision of one pool — pure Java, no Kubernetes.
 *
 * <p>The waiting workloads are ordered by the pool's policy ({@code Priority}: higher priority
 * first, then older first; {@code FIFO}: older first; ties by run name). The queue is strict: the
 * head is admitted when its demand fits the free capacity; when it does not, and the pool allows
 * {@code LowerPriority} preemption, admitted workloads of lower priority are evicted (lowest
 * priority first, then the most recently created) until it fits; otherwise the head waits and so
 * does everything behind it — a small run never overtakes a big one, so no run starves.
 */
public final class SchedulingCore {

  private SchedulingCore() {}

  /**
   * What to do.
   *
   * @param admit workloads to admit now, in order
   * @param evict admitted workloads to evict, each mapped to the workload that needs its capacity
   * @param queue the workloads that still wait, in admission order (position = index + 1)
   * @param free free capacity after the plan
   */
  public record Plan(
      List<Workload> admit, Map<Workload, Workload> evict, List<Workload> queue, int free) {
    public Plan {
      admit = List.copyOf(admit);
      evict = Map.copyOf(evict);
      queue = List.copyOf(queue);
    }
  }

  /** The order in which {@code policy} admits waiting workloads. */
  public static Comparator<Workload> order(PoolPolicy policy) {
    Comparator<Workload> fifo =
        Comparator.comparing(Workload::createdAt)
            .thenComparing(Workload::run)
            .thenComparing(Workload::phase);
    if (policy.fifo()) {
      return fifo;
    }
    return Comparator.comparingInt(Workload::priority).reversed().thenComparing(fifo);
  }

  /** Plans admissions on a pool holding {@code admitted} with {@code waiting} in its queue. */
  public static Plan plan(
      PoolPolicy policy, Collection<Workload> admitted, Collection<Workload> waiting) {
    List<Workload> holding = new ArrayList<>(admitted);
    int free = policy.capacity() - holding.stream().mapToInt(Workload::demand).sum();
    List<Workload> queue = new ArrayList<>(waiting);
    queue.sort(order(policy));
    List<Workload> admit = new ArrayList<>();
    Map<Workload, Workload> evict = new LinkedHashMap<>();
    while (!queue.isEmpty()) {
      Workload head = queue.get(0);
      if (head.demand() > policy.capacity()) {
        break; // never fits; the reconciler reports InsufficientCapacity
      }
      if (head.demand() <= free) {
        queue.remove(0);
        admit.add(head);
        holding.add(head);
        free -= head.demand();
        continue;
      }
      if (!policy.preemptLowerPriority()) {
        break;
      }
      List<Workload> victims = victims(holding, head, free);
      if (victims.isEmpty()) {
        break;
      }
      for (Workload victim : victims) {
        holding.remove(victim);
        free += victim.demand();
        if (!admit.remove(victim)) {
          evict.put(victim, head);
        }
      }
      queue.remove(0);
      admit.add(head);
      holding.add(head);
      free -= head.demand();
    }
    return new Plan(admit, evict, queue, free);
  }

  /** The fewest lower-priority victims, cheapest first, that make room; empty when none do. */
  private static List<Workload> victims(List<Workload> holding, Workload head, int free) {
    List<Workload> candidates =
        holding.stream()
            .filter(w -> w.priority() < head.priority())
            .sorted(
                Comparator.comparingInt(Workload::priority)
                    .thenComparing(Workload::createdAt, Comparator.reverseOrder())
                    .thenComparing(Workload::run, Comparator.reverseOrder()))
            .toList();
    List<Workload> chosen = new ArrayList<>();
    int room = free;
    for (Workload c : candidates) {
      if (room >= head.demand()) {
        break;
      }
      chosen.add(c);
      room += c.demand();
    }
    return room >= head.demand() ? chosen : List.of();
  }
}
