package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** Which moments the fleet uploads: a CEL condition evaluated on every frame. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataTriggerSpec {
  @Required
  @JsonPropertyDescription("Devices that run this trigger.")
  private LabelSelector fleetSelector;

  @Required
  @Size(min = 1, max = 4096)
  @JsonPropertyDescription(
      "CEL expression over frame, shadow, env and device; must evaluate to bool.")
  private String condition;

  @Min(0)
  @Max(100)
  @Default("50")
  @JsonPropertyDescription("0..100; higher wins when a device's budget is short.")
  private Integer priority = 50;

  @JsonPropertyDescription("Share of firings kept.")
  private DataTriggerSampling sampling;

  @JsonPropertyDescription("Per-device daily upload budget.")
  private DataTriggerBudget budget;

  @JsonPropertyDescription("Pre- and post-roll kept around a firing.")
  private DataTriggerWindow window;

  @Pattern("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$")
  @Default("30s")
  @JsonPropertyDescription("At most one firing per device per cooldown, a duration such as 30s.")
  private String cooldown = "30s";

  @JsonPropertyDescription("Canary rollout of a new or changed trigger.")
  private DataTriggerRollout rollout;

  public LabelSelector getFleetSelector() {
    return fleetSelector;
  }

  public void setFleetSelector(LabelSelector fleetSelector) {
    this.fleetSelector = fleetSelector;
  }

  /** Fluent setter, for fixtures and builders. */
  public DataTriggerSpec withFleetSelector(LabelSelector fleetSelector) {
    this.fleetSelector = fleetSelector;
    return this;
  }

  public String getCondition() {
    return condition;
  }

  public void setCondition(String condition) {
    this.condition = condition;
  }

  /** Fluent setter, for fixtures and builders. */
  public DataTriggerSpec withCondition(String condition) {
    this.condition = condition;
    return this;
  }

  public Integer getPriority() {
    return priority;
  }

  public void setPriority(Integer priority) {
    this.priority = priority;
  }

  /** Fluent setter, for fixtures and builders. */
  public DataTriggerSpec withPriority(Integer priority) {
    this.priority = priority;
    return this;
  }

  public DataTriggerSampling getSampling() {
    return sampling;
  }

  public void setSampling(DataTriggerSampling sampling) {
    this.sampling = sampling;
  }

  /** Fluent setter, for fixtures and builders. */
  public DataTriggerSpec withSampling(DataTriggerSampling sampling) {
    this.sampling = sampling;
    return this;
  }

  public DataTriggerBudget getBudget() {
    return budget;
  }

  public void setBudget(DataTriggerBudget budget) {
    this.budget = budget;
  }

  /** Fluent setter, for fixtures and builders. */
  public DataTriggerSpec withBudget(DataTriggerBudget budget) {
    this.budget = budget;
    return this;
  }

  public DataTriggerWindow getWindow() {
    return window;
  }

  public void setWindow(DataTriggerWindow window) {
    this.window = window;
  }

  /** Fluent setter, for fixtures and builders. */
  public DataTriggerSpec withWindow(DataTriggerWindow window) {
    this.window = window;
    return this;
  }

  public String getCooldown() {
    return cooldown;
  }

  public void setCooldown(String cooldown) {
    this.cooldown = cooldown;
  }

  /** Fluent setter, for fixtures and builders. */
  public DataTriggerSpec withCooldown(String cooldown) {
    this.cooldown = cooldown;
    return this;
  }

  public DataTriggerRollout getRollout() {
    return rollout;
  }

  public void setRollout(DataTriggerRollout rollout) {
    this.rollout = rollout;
  }

  /** Fluent setter, for fixtures and builders. */
  public DataTriggerSpec withRollout(DataTriggerRollout rollout) {
    this.rollout = rollout;
    return this;
  }
}
