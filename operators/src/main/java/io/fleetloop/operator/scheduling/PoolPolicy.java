package io.fleetloop.operator.scheduling;

import io.fleetloop.api.v1alpha1.HardwarePoolSpec;
import io.fleetloop.api.v1alpha1.Queueing;
import java.util.Objects;

/**
 * What the scheduler needs to know about a pool: its capacity and how its queue is ordered.
 *
 * @param capacity units the pool has
 * @param fifo true for FIFO order, false for Priority (higher first, then FIFO)
 * @param preemptLowerPriority true when a waiting run may evict admitted runs of lower priority
 */
public record PoolPolicy(int capacity, boolean fifo, boolean preemptLowerPriority) {

  /** The policy of a HardwarePool spec (defaults: Priority, no preemption). */
  public static PoolPolicy of(HardwarePoolSpec spec) {
    int capacity = spec == null ? 0 : Objects.requireNonNullElse(spec.getCapacity(), 0);
    Queueing q = spec == null ? null : spec.getQueueing();
    boolean fifo = q != null && Queueing.POLICY_FIFO.equals(q.getPolicy());
    boolean preempt = q != null && Queueing.PREEMPTION_LOWER_PRIORITY.equals(q.getPreemption());
    return new PoolPolicy(capacity, fifo, preempt);
  }
}
