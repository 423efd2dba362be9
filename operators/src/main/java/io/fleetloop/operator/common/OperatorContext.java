package io.fleetloop.operator.common;

import io.fleetloop.operator.metrics.FleetloopMetrics;
import java.time.Clock;

/**
 * What the reconcilers of one operator process share: the clock, the CRD contract, the Event
 * recorder and the metrics.
 */
public record OperatorContext(
    Clock clock, SpecContract contract, EventRecorder events, FleetloopMetrics metrics) {}
