package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One phase of a run: runs as Kubernetes Jobs on a HardwarePool. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrainingPhase {
  public static final String PRECISION_FP32 = "FP32";
  public static final String PRECISION_BF16 = "BF16";
  public static final String PRECISION_CHIP = "Chip";

  @Required
  @Size(min = 1, max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("Phase name, unique in the run.")
  private String name;

  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  @JsonPropertyDescription("HardwarePool the phase runs on.")
  private String pool;

  @ValidationRule(
      value = "self in ['FP32', 'BF16', 'Chip']",
      message = "precision must be FP32, BF16 or Chip")
  @Required
  @JsonPropertyDescription(
      "FP32, BF16, or Chip (the pool's integer arithmetic; EdgeChip pools only).")
  @Size(max = 32)
  private String precision;

  @Required
  @Min(1)
  @Max(10000)
  @JsonPropertyDescription("Passes over the dataset.")
  private Integer epochs;

  @Min(1)
  @Max(1024)
  @Default("1")
  @JsonPropertyDescription("Accelerators (Job pods) the phase uses at once.")
  private Integer parallelism = 1;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  /** Fluent setter, for fixtures and builders. */
  public TrainingPhase withName(String name) {
    this.name = name;
    return this;
  }

  public String getPool() {
    return pool;
  }

  public void setPool(String pool) {
    this.pool = pool;
  }

  /** Fluent setter, for fixtures and builders. */
  public TrainingPhase withPool(String pool) {
    this.pool = pool;
    return this;
  }

  public String getPrecision() {
    return precision;
  }

  public void setPrecision(String precision) {
    this.precision = precision;
  }

  /** Fluent setter, for fixtures and builders. */
  public TrainingPhase withPrecision(String precision) {
    this.precision = precision;
    return this;
  }

  public Integer getEpochs() {
    return epochs;
  }

  public void setEpochs(Integer epochs) {
    this.epochs = epochs;
  }

  /** Fluent setter, for fixtures and builders. */
  public TrainingPhase withEpochs(Integer epochs) {
    this.epochs = epochs;
    return this;
  }

  public Integer getParallelism() {
    return parallelism;
  }

  public void setParallelism(Integer parallelism) {
    this.parallelism = parallelism;
  }

  /** Fluent setter, for fixtures and builders. */
  public TrainingPhase withParallelism(Integer parallelism) {
    this.parallelism = parallelism;
    return this;
  }
}
