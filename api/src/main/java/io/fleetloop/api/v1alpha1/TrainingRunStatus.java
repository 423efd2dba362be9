package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fleetloop.api.common.FleetloopStatus;
import java.util.List;

/** Observed state of a TrainingRun. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrainingRunStatus extends FleetloopStatus {

  /** The run holds capacity on its pools (False with the queue position while waiting). */
  public static final String ADMITTED = "Admitted";

  /** A phase is running. */
  public static final String RUNNING = "Running";

  /** Every phase finished and the model version is registered. */
  public static final String SUCCEEDED = "Succeeded";

  /** The run failed; the reason says why. */
  public static final String FAILED = "Failed";

  /** The model passed (True) or failed (False) the validation gates. */
  public static final String VALIDATED = "Validated";

  /**
   * The validated model is (True) or is not yet / never (False, with the reason) the {@code
   * spec.model} of the FleetRelease named by {@code spec.promotion.release}.
   */
  public static final String PROMOTED = "Promoted";

  @JsonPropertyDescription("The dataset snapshot the run is bound to.")
  private String datasetSnapshot;

  @JsonPropertyDescription("Per-phase progress.")
  private List<PhaseStatus> phases;

  @JsonPropertyDescription("The model version produced.")
  private ModelVersion modelVersion;

  public String getDatasetSnapshot() {
    return datasetSnapshot;
  }

  public void setDatasetSnapshot(String datasetSnapshot) {
    this.datasetSnapshot = datasetSnapshot;
  }

  /** Fluent setter, for fixtures and builders. */
  public TrainingRunStatus withDatasetSnapshot(String datasetSnapshot) {
    this.datasetSnapshot = datasetSnapshot;
    return this;
  }

  public List<PhaseStatus> getPhases() {
    return phases;
  }

  public void setPhases(List<PhaseStatus> phases) {
    this.phases = phases;
  }

  /** Fluent setter, for fixtures and builders. */
  public TrainingRunStatus withPhases(List<PhaseStatus> phases) {
    this.phases = phases;
    return this;
  }

  public ModelVersion getModelVersion() {
    return modelVersion;
  }

  public void setModelVersion(ModelVersion modelVersion) {
    this.modelVersion = modelVersion;
  }

  /** Fluent setter, for fixtures and builders. */
  public TrainingRunStatus withModelVersion(ModelVersion modelVersion) {
    this.modelVersion = modelVersion;
    return this;
  }
}
