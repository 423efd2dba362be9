package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** The model version a release rolls out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReleaseModel {
  @Required
  @Size(min = 1, max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("Model version, e.g. policy-g4.")
  private String version;

  @Required
  @Size(max = 1024)
  @Pattern("^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?$")
  @JsonPropertyDescription("Artifact location, s3://bucket/key.")
  private String artifact;

  @Required
  @Pattern("^sha256:[a-f0-9]{64}$")
  @JsonPropertyDescription("sha256:<64 hex>; devices refuse an artifact that does not match.")
  private String digest;

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  /** Fluent setter, for fixtures and builders. */
  public ReleaseModel withVersion(String version) {
    this.version = version;
    return this;
  }

  public String getArtifact() {
    return artifact;
  }

  public void setArtifact(String artifact) {
    this.artifact = artifact;
  }

  /** Fluent setter, for fixtures and builders. */
  public ReleaseModel withArtifact(String artifact) {
    this.artifact = artifact;
    return this;
  }

  public String getDigest() {
    return digest;
  }

  public void setDigest(String digest) {
    this.digest = digest;
  }

  /** Fluent setter, for fixtures and builders. */
  public ReleaseModel withDigest(String digest) {
    this.digest = digest;
    return this;
  }
}
