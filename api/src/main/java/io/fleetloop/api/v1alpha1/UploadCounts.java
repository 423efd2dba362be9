package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What devices uploaded because of a trigger. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UploadCounts {
  @JsonPropertyDescription("Clips uploaded.")
  private Long clips;

  @JsonPropertyDescription("Bytes uploaded.")
  private Long bytes;

  public Long getClips() {
    return clips;
  }

  public void setClips(Long clips) {
    this.clips = clips;
  }

  /** Fluent setter, for fixtures and builders. */
  public UploadCounts withClips(Long clips) {
    this.clips = clips;
    return this;
  }

  public Long getBytes() {
    return bytes;
  }

  public void setBytes(Long bytes) {
    this.bytes = bytes;
  }

  /** Fluent setter, for fixtures and builders. */
  public UploadCounts withBytes(Long bytes) {
    this.bytes = bytes;
    return this;
  }
}
