package io.fleetloop.audit.api.event;

import java.util.List;
import java.util.Map;

/**
 * The model passed its offline gates. Emitted by the validator (through the TrainingRun
 * reconciler).
 *
 * @param rule the gates as evaluated, e.g. {@code accuracy 0.981 >= 0.97 && chipDisagreement 0.004
 *     <= 0.01}
 */
public record ModelValidated(
    String runId,
    String modelVersion,
    List<String> suites,
    Map<String, Double> metrics,
    String rule)
    implements TrainingRunEvent {
  public ModelValidated {
    suites = Lists.copy(suites);
    metrics = Lists.copy(metrics);
  }

  @Override
  public String aggregateId() {
    return runId;
  }
}
