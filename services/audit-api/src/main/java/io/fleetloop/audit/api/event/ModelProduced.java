package io.fleetloop.audit.api.event;

/**
 * All phases succeeded and the run produced a model version. Emitted by the TrainingRun reconciler.
 *
 * @param artifact the model artifact, e.g. {@code s3://models/policy-g4}
 * @param digest {@code sha256:<hex>} of the artifact
 */
public record ModelProduced(String runId, String modelVersion, String artifact, String digest)
    implements TrainingRunEvent {
  @Override
  public String aggregateId() {
    return runId;
  }
}
