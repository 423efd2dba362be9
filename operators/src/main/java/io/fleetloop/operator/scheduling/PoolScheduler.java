package io.fleetloop.operator.scheduling;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's admission state: per HardwarePool, which training phases hold capacity and which
 * wait, in order. One instance per operator process (leader election makes it the only one).
 *
 * <p>Reconcilers ask ({@link #request}) and give back ({@link #release}); every decision is made by
 * {@link SchedulingCore} under one lock, so two runs reconciled at once never both take the last
 * units. The state lives in memory: after a restart it is rebuilt from the runs' statuses ({@link
 * #seedOnce}) before the first decision. Whoever is affected by a decision — a run admitted or
 * evicted, a run whose queue position moved, a pool whose figures changed — is announced to the
 * {@link #onChange listeners}, which re-reconcile it.
 */
public final class PoolScheduler {

  /** Runs ({@code namespace/name}) and pools whose scheduling state changed. */
  public record Change(Set<String> runs, Set<String> pools) {
    public Change {
      runs = Set.copyOf(runs);
      pools = Set.copyOf(pools);
    }
  }

  /** A pool's figures, for its status. */
  public record PoolView(int capacity, int allocated, List<String> queued) {
    public PoolView {
      queued = List.copyOf(queued);
    }
  }

  private static final Logger log = LoggerFactory.getLogger(PoolScheduler.class);

  private static final class PoolState {
    PoolPolicy policy = new PoolPolicy(0, false, false);
    final Map<String, Workload> admitted = new LinkedHashMap<>();
    final Map<String, Workload> waiting = new LinkedHashMap<>();
    List<Workload> queue = List.of();
    final Map<String, String> preemptedBy = new HashMap<>();
  }

  private final Map<String, PoolState> pools = new HashMap<>();
  private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
  private boolean seeded;

  /** Calls {@code listener} after every decision that changed something. */
  public void onChange(Consumer<Change> listener) {
    listeners.add(listener);
  }

  /**
   * Rebuilds the state once, before the first decision: {@code running} are the workloads whose
   * Jobs run already (from the runs' statuses); they are admitted as they are.
   */
  public void seedOnce(Supplier<Collection<Workload>> running) {
    synchronized (this) {
      if (seeded) {
        return;
      }
      seeded = true;
      for (Workload w : running.get()) {
        pool(w.pool()).admitted.put(w.key(), w);
        log.info(
            "scheduler: {} holds {} on pool {} (found running)", w.key(), w.demand(), w.pool());
      }
    }
  }

  /**
   * Asks for {@code workload}'s capacity on its pool, whose current policy is {@code policy}.
   * Idempotent: a workload that holds its capacity keeps it, one that waits keeps its place.
   */
  public Decision request(Workload workload, PoolPolicy policy) {
    Change change;
    Decision decision;
    synchronized (this) {
      PoolState pool = pool(workload.pool());
      pool.policy = policy;
      if (!pool.admitted.containsKey(workload.key())) {
        pool.waiting.put(workload.key(), workload);
      }
      change = replan(workload.pool(), pool, workload.run());
      decision = decide(workload, pool);
    }
    announce(change);
    return decision;
  }

  /** The decision already made for {@code workload}, without asking; null when unknown. */
  public synchronized Decision current(Workload workload) {
    PoolState pool = pools.get(workload.pool());
    if (pool == null
        || !(pool.admitted.containsKey(workload.key())
            || pool.waiting.containsKey(workload.key()))) {
      return null;
    }
    return decide(workload, pool);
  }

  /** Gives back whatever {@code key} ({@code namespace/name/phase}) holds or waits for. */
  public void release(String key) {
    releaseWhere(key::equals);
  }

  /** Gives back everything the run {@code run} ({@code namespace/name}) holds or waits for. */
  public void releaseRun(String run) {
    releaseWhere(key -> key.startsWith(run + "/"));
  }

  /** The pool's policy changed (capacity, order, preemption): re-plans its queue. */
  public void updatePool(String name, PoolPolicy policy) {
    Change change;
    synchronized (this) {
      PoolState pool = pool(name);
      if (pool.policy.equals(policy)) {
        return;
      }
      pool.policy = policy;
      change = replan(name, pool, null);
    }
    announce(change);
  }

  /** The pool's capacity, allocation and queue (run names in admission order). */
  public synchronized PoolView view(String name) {
    PoolState pool = pools.get(name);
    if (pool == null) {
      return new PoolView(0, 0, List.of());
    }
    List<String> queued = new ArrayList<>();
    for (Workload w : pool.queue) {
      if (!queued.contains(w.run())) {
        queued.add(w.run());
      }
    }
    return new PoolView(pool.policy.capacity(), allocated(pool), queued);
  }

  private void releaseWhere(java.util.function.Predicate<String> matches) {
    List<Change> changes = new ArrayList<>();
    synchronized (this) {
      for (var e : pools.entrySet()) {
        PoolState pool = e.getValue();
        boolean removed =
            pool.admitted.keySet().removeIf(matches) | pool.waiting.keySet().removeIf(matches);
        pool.preemptedBy.keySet().removeIf(matches);
        if (removed) {
          changes.add(replan(e.getKey(), pool, null));
        }
      }
    }
    changes.forEach(this::announce);
  }

  private PoolState pool(String name) {
    return pools.computeIfAbsent(name, n -> new PoolState());
  }

  /** Applies the core's plan; returns who is affected (not counting {@code asking}). */
  private Change replan(String name, PoolState pool, String asking) {
    List<Workload> queueBefore = pool.queue;
    SchedulingCore.Plan plan =
        SchedulingCore.plan(pool.policy, pool.admitted.values(), pool.waiting.values());
    Set<String> runs = new LinkedHashSet<>();
    for (Workload w : plan.admit()) {
      pool.waiting.remove(w.key());
      pool.preemptedBy.remove(w.key());
      pool.admitted.put(w.key(), w);
      runs.add(w.run());
      log.info("scheduler: admitted {} on pool {} (needs {})", w.key(), name, w.demand());
    }
    for (var e : plan.evict().entrySet()) {
      Workload victim = e.getKey();
      pool.admitted.remove(victim.key());
      pool.waiting.put(victim.key(), victim);
      pool.preemptedBy.put(victim.key(), e.getValue().run());
      runs.add(victim.run());
      log.info(
          "scheduler: {} on pool {} preempted by {} (priority {} > {})",
          victim.key(),
          name,
          e.getValue().key(),
          e.getValue().priority(),
          victim.priority());
    }
    List<Workload> queue = new ArrayList<>(plan.queue());
    for (Workload victim : plan.evict().keySet()) {
      queue.add(victim);
    }
    queue.sort(SchedulingCore.order(pool.policy));
    pool.queue = List.copyOf(queue);
    boolean queueMoved = !queue.equals(queueBefore);
    if (queueMoved) {
      queue.forEach(w -> runs.add(w.run()));
    }
    if (asking != null) {
      runs.remove(asking);
    }
    return new Change(runs, Set.of(name));
  }

  private Decision decide(Workload workload, PoolState pool) {
    int allocated = allocated(pool);
    if (pool.admitted.containsKey(workload.key())) {
      return new Decision.Admitted(
          workload.pool(), workload.demand(), allocated, pool.policy.capacity());
    }
    int position = 1;
    for (Workload w : pool.queue) {
      if (w.key().equals(workload.key())) {
        break;
      }
      position++;
    }
    return new Decision.Queued(
        workload.pool(),
        position,
        pool.queue.size(),
        workload.demand(),
        Math.max(0, pool.policy.capacity() - allocated),
        pool.policy.capacity(),
        pool.preemptedBy.get(workload.key()));
  }

  private static int allocated(PoolState pool) {
    return pool.admitted.values().stream().mapToInt(Workload::demand).sum();
  }

  private void announce(Change change) {
    if (change.runs().isEmpty() && change.pools().isEmpty()) {
      return;
    }
    for (Consumer<Change> l : listeners) {
      try {
        l.accept(change);
      } catch (RuntimeException e) {
        log.warn("scheduler listener failed: {}", e.toString());
      }
    }
  }
}
