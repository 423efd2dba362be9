package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The kind of accelerator a pool offers. */
@ValidationRule(
    value = "self.kind == 'EdgeChip' ? has(self.arithmetic) : !has(self.arithmetic)",
    message = "arithmetic is required for EdgeChip pools and not allowed for GPU pools")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Accelerator {
  public static final String KIND_GPU = "GPU";
  public static final String KIND_EDGE_CHIP = "EdgeChip";

  @ValidationRule(value = "self in ['GPU', 'EdgeChip']", message = "kind must be GPU or EdgeChip")
  @Required
  @Size(max = 32)
  @JsonPropertyDescription("GPU or EdgeChip.")
  private String kind;

  @Required
  @Size(min = 1, max = 63)
  @JsonPropertyDescription("Hardware model, e.g. h100 or fsd-hw4.")
  private String model;

  @Required
  @Size(min = 1, max = 253)
  @Pattern("^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$")
  @JsonPropertyDescription(
      "Extended resource name requested by training Jobs, e.g. nvidia.com/gpu.")
  private String resourceName;

  @JsonPropertyDescription("EdgeChip only: the chip's numeric contract.")
  private ChipArithmetic arithmetic;

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  /** Fluent setter, for fixtures and builders. */
  public Accelerator withKind(String kind) {
    this.kind = kind;
    return this;
  }

  public String getModel() {
    return model;
  }

  public void setModel(String model) {
    this.model = model;
  }

  /** Fluent setter, for fixtures and builders. */
  public Accelerator withModel(String model) {
    this.model = model;
    return this;
  }

  public String getResourceName() {
    return resourceName;
  }

  public void setResourceName(String resourceName) {
    this.resourceName = resourceName;
  }

  /** Fluent setter, for fixtures and builders. */
  public Accelerator withResourceName(String resourceName) {
    this.resourceName = resourceName;
    return this;
  }

  public ChipArithmetic getArithmetic() {
    return arithmetic;
  }

  public void setArithmetic(ChipArithmetic arithmetic) {
    this.arithmetic = arithmetic;
  }

  /** Fluent setter, for fixtures and builders. */
  public Accelerator withArithmetic(ChipArithmetic arithmetic) {
    this.arithmetic = arithmetic;
    return this;
  }
}
