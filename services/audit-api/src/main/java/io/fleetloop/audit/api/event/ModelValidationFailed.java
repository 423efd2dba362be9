package io.fleetloop.audit.api.event;

import java.util.List;
import java.util.Map;

/** The model failed an offline gate; the rule names which. Emitted by the validator. */
public record ModelValidationFailed(
    String runId,
    String modelVersion,
    List<String> suites,
    Map<String, Double> metrics,
    String rule,
    String reason)
    implements TrainingRunEvent {
  public ModelValidationFailed {
    suites = Lists.copy(suites);
    metrics = Lists.copy(metrics);
  }

  @Override
  public String aggregateId() {
    return runId;
  }
}
