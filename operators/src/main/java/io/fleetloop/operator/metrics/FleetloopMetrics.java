package io.fleetloop.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
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
 *   <li>{@code fleetloop_audit_enabled} — 1 when condition transitions are recorded in the audit
 *       log, 0 when no audit log is configured.
 *   <li>{@code fleetloop_audit_conditions_total{kind, outcome}} — conditions handed to the audit
 *       recorder: {@code appended}, {@code unchanged} (already recorded in that state), {@code
 *       duplicate}, {@code rejected} (refused, e.g. a stale generation; logged) or {@code failed}
 *       (the audit log was unreachable: the reconciliation failed and is retried).
 * </ul>
 */
public final class FleetloopMetrics {

  public static final String RECONCILES = "fleetloop.reconciles";
  public static final String CONDITION_TRANSITIONS = "fleetloop.condition.transitions";
  public static final String AUDIT_ENABLED = "fleetloop.audit.enabled";
  public static final String AUDIT_CONDITIONS = "fleetloop.audit.conditions";

  /** Outcome of a condition the audit log could not be reached for. */
  public static final String AUDIT_FAILED = "failed";

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

  /** Publishes whether the audit log records condition transitions (a constant 0 or 1). */
  public void auditEnabled(boolean enabled) {
    double value = enabled ? 1 : 0;
    Gauge.builder(AUDIT_ENABLED, () -> value)
        .description("1 when condition transitions are recorded in the audit log, else 0")
        .register(registry);
  }

  /** Counts one condition handed to the audit recorder, by what became of it. */
  public void auditCondition(String kind, String outcome) {
    Counter.builder(AUDIT_CONDITIONS)
        .description("Conditions handed to the audit log, by kind and outcome")
        .tag("kind", kind)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** The registry the counters live in. */
  public MeterRegistry registry() {
    return registry;
  }
}
