package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** The closed loop: the next generation starts by itself. */
@ValidationRule(
    value = "!has(self.retrainWhenNewSamples) || has(self.trainingTemplate)",
    message = "loop.retrainWhenNewSamples needs loop.trainingTemplate")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LoopSpec {
  @Min(1)
  @Max(100000000)
  @JsonPropertyDescription("Start the next TrainingRun when this many new samples have arrived.")
  private Integer retrainWhenNewSamples;

  @JsonPropertyDescription("Spec of the TrainingRun created for each generation.")
  private TrainingRunSpec trainingTemplate;

  public Integer getRetrainWhenNewSamples() {
    return retrainWhenNewSamples;
  }

  public void setRetrainWhenNewSamples(Integer retrainWhenNewSamples) {
    this.retrainWhenNewSamples = retrainWhenNewSamples;
  }

  /** Fluent setter, for fixtures and builders. */
  public LoopSpec withRetrainWhenNewSamples(Integer retrainWhenNewSamples) {
    this.retrainWhenNewSamples = retrainWhenNewSamples;
    return this;
  }

  public TrainingRunSpec getTrainingTemplate() {
    return trainingTemplate;
  }

  public void setTrainingTemplate(TrainingRunSpec trainingTemplate) {
    this.trainingTemplate = trainingTemplate;
  }

  /** Fluent setter, for fixtures and builders. */
  public LoopSpec withTrainingTemplate(TrainingRunSpec trainingTemplate) {
    this.trainingTemplate = trainingTemplate;
    return this;
  }
}
