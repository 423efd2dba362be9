package io.fleetloop.audit.client;

import io.fleetloop.audit.api.event.AuditEvent;

/**
 * How operators and services write to the audit log.
 *
 * <p>Reconcilers call {@link #recordCondition} for every condition they compute (level-triggered),
 * <em>before</em> they write the status. The audit log appends a {@code ConditionChanged} only when
 * the status or reason differs from the last recorded state of that condition, so:
 *
 * <ul>
 *   <li>a reconcile repeated after a crash (append done, status write lost, or the reverse) appends
 *       nothing twice and misses nothing;
 *   <li>a flap (True → False → True) is recorded as two transitions.
 * </ul>
 *
 * <p>Failures to reach the audit service (after retries) throw {@link AuditException}: let the
 * reconcile fail so it is retried. A fact the log refuses (a stale generation, a lifecycle
 * violation) does not throw: it comes back as {@link Outcome#REJECTED} with the reason, to be
 * logged.
 */
public interface AuditRecorder {

  /** Records a condition as computed now; see the class comment. */
  Recorded recordCondition(ConditionTransition transition);

  /** Records a domain fact (TriggerDeployed, StageAdvanced, ...). */
  Recorded record(AuditEvent event, String idempotencyKey);

  /** A recorder that records nothing (audit disabled). */
  static AuditRecorder noop() {
    return new AuditRecorder() {
      @Override
      public Recorded recordCondition(ConditionTransition transition) {
        return new Recorded(transition.idempotencyKey(), Outcome.UNCHANGED, -1, "audit disabled");
      }

      @Override
      public Recorded record(AuditEvent event, String idempotencyKey) {
        return new Recorded(idempotencyKey, Outcome.UNCHANGED, -1, "audit disabled");
      }
    };
  }
}
