package io.fleetloop.operator.scheduling;

import java.time.Instant;
import java.util.Objects;

/**
 * One request for capacity: a phase of a TrainingRun asking for {@code demand} units of one pool.
 *
 * @param run the run, {@code namespace/name}
 * @param phase the phase name
 * @param pool the HardwarePool
 * @param demand units requested (the phase's {@code parallelism})
 * @param priority the run's {@code spec.priority}; higher first under the Priority policy
 * @param createdAt when the run was created; earlier first (FIFO, and ties under Priority)
 */
public record Workload(
    String run, String phase, String pool, int demand, int priority, Instant createdAt) {

  public Workload {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(createdAt, "createdAt");
    if (demand < 1) {
      throw new IllegalArgumentException("demand must be at least 1, got " + demand);
    }
  }

  /** The key that identifies the workload: {@code namespace/name/phase}. */
  public String key() {
    return run + "/" + phase;
  }
}
