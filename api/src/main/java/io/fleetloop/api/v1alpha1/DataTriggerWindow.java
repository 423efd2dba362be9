package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** How much of the stream around a firing is kept. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataTriggerWindow {
  @Pattern("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$")
  @Default("5s")
  @JsonPropertyDescription("Kept before the firing frame, a duration such as 5s.")
  private String preRoll = "5s";

  @Pattern("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$")
  @Default("3s")
  @JsonPropertyDescription("Kept after the firing frame, a duration such as 3s.")
  private String postRoll = "3s";

  public String getPreRoll() {
    return preRoll;
  }

  public void setPreRoll(String preRoll) {
    this.preRoll = preRoll;
  }

  /** Fluent setter, for fixtures and builders. */
  public DataTriggerWindow withPreRoll(String preRoll) {
    this.preRoll = preRoll;
    return this;
  }

  public String getPostRoll() {
    return postRoll;
  }

  public void setPostRoll(String postRoll) {
    this.postRoll = postRoll;
  }

  /** Fluent setter, for fixtures and builders. */
  public DataTriggerWindow withPostRoll(String postRoll) {
    this.postRoll = postRoll;
    return this;
  }
}
