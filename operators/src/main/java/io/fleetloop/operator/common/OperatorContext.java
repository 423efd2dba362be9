package io.fleetloop.operator.common;

import io.fleetloop.operator.audit.ConditionAudit;
import io.fleetloop.operator.metrics.FleetloopMetrics;
import java.time.Clock;

/**
 * What the reconcilers of one operator process share: the clock, the CRD contract, the Event
 * recorder, the metrics and the audit log of condition transitions.
 */
public record OperatorContext(
    Clock clock,
    SpecContract contract,
    EventRecorder events,
    FleetloopMetrics metrics,
    ConditionAudit audit) {

  /** Without an audit log (unit tests about everything else). */
  public OperatorContext(
      Clock clock, SpecContract contract, EventRecorder events, FleetloopMetrics metrics) {
    this(clock, contract, events, metrics, ConditionAudit.disabled(metrics));
  }
}
