package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A registered model version. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ModelVersion {
  @JsonPropertyDescription("Version name, e.g. policy-g4.")
  private String name;

  @JsonPropertyDescription("Artifact location (s3:// URI).")
  private String artifact;

  @JsonPropertyDescription("sha256 digest of the artifact.")
  private String digest;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  /** Fluent setter, for fixtures and builders. */
  public ModelVersion withName(String name) {
    this.name = name;
    return this;
  }

  public String getArtifact() {
    return artifact;
  }

  public void setArtifact(String artifact) {
    this.artifact = artifact;
  }

  /** Fluent setter, for fixtures and builders. */
  public ModelVersion withArtifact(String artifact) {
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
  public ModelVersion withDigest(String digest) {
    this.digest = digest;
    return this;
  }
}
