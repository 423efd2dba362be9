package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Replaces the reference trainer with your own image. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrainerSpec {
  @Required
  @Size(min = 1, max = 512)
  @JsonPropertyDescription("Container image of the trainer.")
  private String image;

  @Size(max = 64)
  @JsonPropertyDescription("Entrypoint; the phase and dataset are passed as environment variables.")
  private List<String> command;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  /** Fluent setter, for fixtures and builders. */
  public TrainerSpec withImage(String image) {
    this.image = image;
    return this;
  }

  public List<String> getCommand() {
    return command;
  }

  public void setCommand(List<String> command) {
    this.command = command;
  }

  /** Fluent setter, for fixtures and builders. */
  public TrainerSpec withCommand(List<String> command) {
    this.command = command;
    return this;
  }
}
