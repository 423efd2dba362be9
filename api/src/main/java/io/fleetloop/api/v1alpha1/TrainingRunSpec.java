package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** One generation of a model: dataset, phases on hardware pools, validation and promotion. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrainingRunSpec {
  @Required
  @JsonPropertyDescription("The model trained.")
  private ModelRef model;

  @Required
  @JsonPropertyDescription("Training data.")
  private DatasetSource dataset;

  @Required
  @Size(min = 1, max = 16)
  @ValidationRule(
      value = "self.all(p, self.exists_one(q, q.name == p.name))",
      message = "phase names must be unique")
  @JsonPropertyDescription("Phases, run in order.")
  private List<TrainingPhase> phases;

  @JsonPropertyDescription("Optional: replace the reference trainer.")
  private TrainerSpec trainer;

  @JsonPropertyDescription("Offline validation gates.")
  private ValidationSpec validation;

  @JsonPropertyDescription("Promotion into a FleetRelease.")
  private PromotionSpec promotion;

  @Min(0)
  @Max(1000000)
  @Default("0")
  @JsonPropertyDescription("Admission priority on the pools; higher first.")
  private Integer priority = 0;

  public ModelRef getModel() {
    return model;
  }

  public void setModel(ModelRef model) {
    this.model = model;
  }

  /** Fluent setter, for fixtures and builders. */
  public TrainingRunSpec withModel(ModelRef model) {
    this.model = model;
    return this;
  }

  public DatasetSource getDataset() {
    return dataset;
  }

  public void setDataset(DatasetSource dataset) {
    this.dataset = dataset;
  }

  /** Fluent setter, for fixtures and builders. */
  public TrainingRunSpec withDataset(DatasetSource dataset) {
    this.dataset = dataset;
    return this;
  }

  public List<TrainingPhase> getPhases() {
    return phases;
  }

  public void setPhases(List<TrainingPhase> phases) {
    this.phases = phases;
  }

  /** Fluent setter, for fixtures and builders. */
  public TrainingRunSpec withPhases(List<TrainingPhase> phases) {
    this.phases = phases;
    return this;
  }

  public TrainerSpec getTrainer() {
    return trainer;
  }

  public void setTrainer(TrainerSpec trainer) {
    this.trainer = trainer;
  }

  /** Fluent setter, for fixtures and builders. */
  public TrainingRunSpec withTrainer(TrainerSpec trainer) {
    this.trainer = trainer;
    return this;
  }

  public ValidationSpec getValidation() {
    return validation;
  }

  public void setValidation(ValidationSpec validation) {
    this.validation = validation;
  }

  /** Fluent setter, for fixtures and builders. */
  public TrainingRunSpec withValidation(ValidationSpec validation) {
    this.validation = validation;
    return this;
  }

  public PromotionSpec getPromotion() {
    return promotion;
  }

  public void setPromotion(PromotionSpec promotion) {
    this.promotion = promotion;
  }

  /** Fluent setter, for fixtures and builders. */
  public TrainingRunSpec withPromotion(PromotionSpec promotion) {
    this.promotion = promotion;
    return this;
  }

  public Integer getPriority() {
    return priority;
  }

  public void setPriority(Integer priority) {
    this.priority = priority;
  }

  /** Fluent setter, for fixtures and builders. */
  public TrainingRunSpec withPriority(Integer priority) {
    this.priority = priority;
    return this;
  }
}
