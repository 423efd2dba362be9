package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/** Progress of one phase. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PhaseStatus {
  public static final String STATE_PENDING = "Pending";
  public static final String STATE_RUNNING = "Running";
  public static final String STATE_SUCCEEDED = "Succeeded";
  public static final String STATE_FAILED = "Failed";

  @JsonPropertyDescription("Phase name.")
  private String name;

  @JsonPropertyDescription("Pool it runs on.")
  private String pool;

  @JsonPropertyDescription("Pending, Running, Succeeded or Failed.")
  private String state;

  @JsonPropertyDescription("RFC 3339.")
  private String startTime;

  @JsonPropertyDescription("RFC 3339.")
  private String completionTime;

  @JsonPropertyDescription("Metrics reported by the trainer (loss, accuracy, ...).")
  private Map<String, Double> metrics;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  /** Fluent setter, for fixtures and builders. */
  public PhaseStatus withName(String name) {
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
  public PhaseStatus withPool(String pool) {
    this.pool = pool;
    return this;
  }

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }

  /** Fluent setter, for fixtures and builders. */
  public PhaseStatus withState(String state) {
    this.state = state;
    return this;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  /** Fluent setter, for fixtures and builders. */
  public PhaseStatus withStartTime(String startTime) {
    this.startTime = startTime;
    return this;
  }

  public String getCompletionTime() {
    return completionTime;
  }

  public void setCompletionTime(String completionTime) {
    this.completionTime = completionTime;
  }

  /** Fluent setter, for fixtures and builders. */
  public PhaseStatus withCompletionTime(String completionTime) {
    this.completionTime = completionTime;
    return this;
  }

  public Map<String, Double> getMetrics() {
    return metrics;
  }

  public void setMetrics(Map<String, Double> metrics) {
    this.metrics = metrics;
  }

  /** Fluent setter, for fixtures and builders. */
  public PhaseStatus withMetrics(Map<String, Double> metrics) {
    this.metrics = metrics;
    return this;
  }
}
