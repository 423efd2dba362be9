package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Where the training data comes from: new samples from triggers, or a fixed snapshot. */
@ValidationRule(
    value = "has(self.triggers) != has(self.snapshot)",
    message = "set exactly one of dataset.triggers or dataset.snapshot")
@ValidationRule(
    value = "!(has(self.snapshot) && has(self.minNewSamples))",
    message = "dataset.minNewSamples applies to dataset.triggers, not to a fixed snapshot")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatasetSource {
  @Size(min = 1, max = 32)
  @JsonPropertyDescription("DataTriggers (same namespace) whose clips feed the dataset.")
  private List<String> triggers;

  @Min(0)
  @Max(100000000)
  @JsonPropertyDescription("Wait until this many new labelled samples exist.")
  private Integer minNewSamples;

  @Size(min = 1, max = 128)
  @JsonPropertyDescription("An existing dataset snapshot id (manifest digest).")
  private String snapshot;

  public List<String> getTriggers() {
    return triggers;
  }

  public void setTriggers(List<String> triggers) {
    this.triggers = triggers;
  }

  /** Fluent setter, for fixtures and builders. */
  public DatasetSource withTriggers(List<String> triggers) {
    this.triggers = triggers;
    return this;
  }

  public Integer getMinNewSamples() {
    return minNewSamples;
  }

  public void setMinNewSamples(Integer minNewSamples) {
    this.minNewSamples = minNewSamples;
  }

  /** Fluent setter, for fixtures and builders. */
  public DatasetSource withMinNewSamples(Integer minNewSamples) {
    this.minNewSamples = minNewSamples;
    return this;
  }

  public String getSnapshot() {
    return snapshot;
  }

  public void setSnapshot(String snapshot) {
    this.snapshot = snapshot;
  }

  /** Fluent setter, for fixtures and builders. */
  public DatasetSource withSnapshot(String snapshot) {
    this.snapshot = snapshot;
    return this;
  }
}
