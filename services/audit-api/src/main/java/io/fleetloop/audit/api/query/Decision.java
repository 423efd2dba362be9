package io.fleetloop.audit.api.query;

import io.fleetloop.audit.api.event.Measurement;
import java.time.Instant;
import java.util.List;

/**
 * One decision in a release's history: what happened, on which version and stage, the values
 * measured, and the rule or reason that decided it.
 */
public record Decision(
    long globalIndex,
    Instant at,
    String event,
    String version,
    Integer fromStage,
    Integer toStage,
    List<Measurement> measured,
    String rule,
    String reason) {}
