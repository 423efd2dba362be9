package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/** A model rolling out to a fleet in canary stages, and the loop around it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FleetReleaseSpec {
  @Required
  @JsonPropertyDescription("Devices in the release.")
  private LabelSelector fleetSelector;

  @Required
  @JsonPropertyDescription("The candidate model.")
  private ReleaseModel model;

  @JsonPropertyDescription("Shadow phase before the first stage.")
  private ShadowSpec shadow;

  @Required
  @Size(min = 1, max = 10)
  @ValidationRule(
      value = "self[size(self) - 1].percent == 100",
      message = "the last stage must be at 100 percent")
  @ValidationRule(
      value =
          "self.map(s, s.percent).isSorted() && self.all(s, self.exists_one(t, t.percent == s.percent))",
      message = "stage percentages must be strictly increasing")
  @JsonPropertyDescription("Stages, percentages strictly increasing, the last at 100.")
  private List<RolloutStage> stages;

  @JsonPropertyDescription("How each stage is judged.")
  private AnalysisSpec analysis;

  @JsonPropertyDescription("What happens when a stage fails.")
  private RollbackSpec rollback;

  @Default("false")
  @JsonPropertyDescription("Hold the rollout where it is.")
  private Boolean paused = false;

  @JsonPropertyDescription("The closed loop.")
  private LoopSpec loop;

  public LabelSelector getFleetSelector() {
    return fleetSelector;
  }

  public void setFleetSelector(LabelSelector fleetSelector) {
    this.fleetSelector = fleetSelector;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseSpec withFleetSelector(LabelSelector fleetSelector) {
    this.fleetSelector = fleetSelector;
    return this;
  }

  public ReleaseModel getModel() {
    return model;
  }

  public void setModel(ReleaseModel model) {
    this.model = model;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseSpec withModel(ReleaseModel model) {
    this.model = model;
    return this;
  }

  public ShadowSpec getShadow() {
    return shadow;
  }

  public void setShadow(ShadowSpec shadow) {
    this.shadow = shadow;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseSpec withShadow(ShadowSpec shadow) {
    this.shadow = shadow;
    return this;
  }

  public List<RolloutStage> getStages() {
    return stages;
  }

  public void setStages(List<RolloutStage> stages) {
    this.stages = stages;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseSpec withStages(List<RolloutStage> stages) {
    this.stages = stages;
    return this;
  }

  public AnalysisSpec getAnalysis() {
    return analysis;
  }

  public void setAnalysis(AnalysisSpec analysis) {
    this.analysis = analysis;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseSpec withAnalysis(AnalysisSpec analysis) {
    this.analysis = analysis;
    return this;
  }

  public RollbackSpec getRollback() {
    return rollback;
  }

  public void setRollback(RollbackSpec rollback) {
    this.rollback = rollback;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseSpec withRollback(RollbackSpec rollback) {
    this.rollback = rollback;
    return this;
  }

  public Boolean getPaused() {
    return paused;
  }

  public void setPaused(Boolean paused) {
    this.paused = paused;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseSpec withPaused(Boolean paused) {
    this.paused = paused;
    return this;
  }

  public LoopSpec getLoop() {
    return loop;
  }

  public void setLoop(LoopSpec loop) {
    this.loop = loop;
  }

  /** Fluent setter, for fixtures and builders. */
  public FleetReleaseSpec withLoop(LoopSpec loop) {
    this.loop = loop;
    return this;
  }
}
