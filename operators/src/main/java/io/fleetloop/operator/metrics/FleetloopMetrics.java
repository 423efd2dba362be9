package io.fleetloop.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The operator's own metrics, next to JOSDK's ({@code operator_sdk_*}).
 *
 * <ul>
 *   <li>{@code fleetloop_reconciles_total{kind, outcome}} — reconciliations by kind; outcome is
 *       {@value #UPDATED} (status written), {@value #UNCHANGED} (nothing to write), {@value #ERROR}
 *       (an unexpected exception, retried with backoff) or {@value #CLEANUP} (finalizer cleanup).
 *   <li>{@code fleetloop_condition_transitions_total{kind, type, status, reason}} — conditions
 *       whose status or reason changed (or that appeared).
 * </ul>
 */
public final class FleetloopMetrics {

  public static final String RECONCILES = "fleetloop.reconciles";
  public static final String CONDITION_TRANSITIONS = "fleetloop.condition.transitions";

  public static final String UPDATED = "updated";
  public static final String UNCHANGED = "unchanged";
  public static final String ERROR = "error";
  public static final String CLEANUP = "cleanup";

  private final MeterRegistry registry;

  public FleetloopMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Counts one reconciliation of {@code kind} with {@code outcome}. */
  public void reconciled(String kind, String outcome) {
    Counter.builder(RECONCILES)
        .description("Reconciliations by kind and outcome")
        .tag("kind", kind)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** Counts a condition of {@code kind} that moved to {@code status} with {@code reason}. */
  public void conditionTransition(String kind, String type, String status, String reason) {
    Counter.builder(CONDITION_TRANSITIONS)
        .description("Condition status changes by kind, type, new status and reason")
        .tag("kind", kind)
        .tag("type", type)
        .tag("status", status)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /** The registry the counters live in. */
  public MeterRegistry registry() {
    return registry;
  }
}
