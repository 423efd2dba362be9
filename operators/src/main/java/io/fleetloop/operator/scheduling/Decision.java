package io.fleetloop.operator.scheduling;

/** What the scheduler decided for one workload. */
public sealed interface Decision {

  /**
   * The workload holds its capacity.
   *
   * @param pool the pool
   * @param demand units it holds
   * @param allocated units held on the pool by all admitted workloads
   * @param capacity the pool's capacity
   */
  record Admitted(String pool, int demand, int allocated, int capacity) implements Decision {
    /** {@code phase holds 2 of 8 on pool gpu-a100 (6 allocated)}. */
    public String message(String phase) {
      return "phase %s holds %d of %d on pool %s (%d allocated)"
          .formatted(phase, demand, capacity, pool, allocated);
    }
  }

  /**
   * The workload waits.
   *
   * @param pool the pool
   * @param position 1-based position in the pool's queue
   * @param queued how many wait on the pool
   * @param demand units it needs
   * @param free units free now
   * @param capacity the pool's capacity
   * @param preemptedBy the run that evicted it ({@code namespace/name}), or null
   */
  record Queued(
      String pool, int position, int queued, int demand, int free, int capacity, String preemptedBy)
      implements Decision {
    /** {@code position 2 of 3 in pool edge-hw4, needs 2, 0 of 8 free}. */
    public String message() {
      String where =
          "position %d of %d in pool %s, needs %d, %d of %d free"
              .formatted(position, queued, pool, demand, free, capacity);
      return preemptedBy == null
          ? where
          : "preempted by %s (higher priority); re-queued at %s".formatted(preemptedBy, where);
    }
  }
}
