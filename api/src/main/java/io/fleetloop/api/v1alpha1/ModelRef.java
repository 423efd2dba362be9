package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** The model a run trains. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ModelRef {
  @Required
  @Size(min = 1, max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("Model name, e.g. policy.")
  private String name;

  @Size(min = 1, max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("Version to warm-start from, e.g. policy-g3.")
  private String baseVersion;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  /** Fluent setter, for fixtures and builders. */
  public ModelRef withName(String name) {
    this.name = name;
    return this;
  }

  public String getBaseVersion() {
    return baseVersion;
  }

  public void setBaseVersion(String baseVersion) {
    this.baseVersion = baseVersion;
  }

  /** Fluent setter, for fixtures and builders. */
  public ModelRef withBaseVersion(String baseVersion) {
    this.baseVersion = baseVersion;
    return this;
  }
}
