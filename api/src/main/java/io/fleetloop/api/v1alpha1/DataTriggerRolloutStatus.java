package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Where the canary rollout of a DataTrigger's current generation stands (docs/release-channel.md).
 *
 * <p>The release channel reads it: a generation reaches every targeted device only when {@code
 * phase} is {@value #COMPLETE} for that very {@code generation}; any other state (no rollout yet,
 * {@value #CANARY}, or a {@value #COMPLETE} of an older generation) serves the generation to the
 * canary slice ({@code spec.rollout.canaryPercent}) only. The {@code Distributed} condition carries
 * the reason in words.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataTriggerRolloutStatus {

  /** The generation runs on the canary slice only, under observation. */
  public static final String CANARY = "Canary";

  /** The generation was promoted to every targeted device. */
  public static final String COMPLETE = "Complete";

  @JsonPropertyDescription("Canary (the canary slice only) or Complete (every targeted device).")
  private String phase;

  @JsonPropertyDescription("metadata.generation this rollout is about.")
  private Long generation;

  @JsonPropertyDescription("Share of the targeted devices that are served this generation.")
  private Integer percent;

  @JsonPropertyDescription("When this phase started (RFC 3339).")
  private String since;

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  /** Fluent setter, for fixtures and builders. */
  public DataTriggerRolloutStatus withPhase(String phase) {
    this.phase = phase;
    return this;
  }

  public Long getGeneration() {
    return generation;
  }

  public void setGeneration(Long generation) {
    this.generation = generation;
  }

  /** Fluent setter, for fixtures and builders. */
  public DataTriggerRolloutStatus withGeneration(Long generation) {
    this.generation = generation;
    return this;
  }

  public Integer getPercent() {
    return percent;
  }

  public void setPercent(Integer percent) {
    this.percent = percent;
  }

  /** Fluent setter, for fixtures and builders. */
  public DataTriggerRolloutStatus withPercent(Integer percent) {
    this.percent = percent;
    return this;
  }

  public String getSince() {
    return since;
  }

  public void setSince(String since) {
    this.since = since;
  }

  /** Fluent setter, for fixtures and builders. */
  public DataTriggerRolloutStatus withSince(String since) {
    this.since = since;
    return this;
  }

  /** True when {@code generation} was promoted to every targeted device. */
  public boolean completeFor(long generation) {
    return COMPLETE.equals(phase) && this.generation != null && this.generation == generation;
  }
}
