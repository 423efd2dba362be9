package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fleetloop.api.common.FleetloopStatus;
import java.util.List;

/** Observed state of a HardwarePool. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HardwarePoolStatus extends FleetloopStatus {

  /** Reason of Ready=True: the pool has capacity. */
  public static final String REASON_CAPACITY_AVAILABLE = "CapacityAvailable";

  /** Reason of Ready=False: the pool's capacity is 0. */
  public static final String REASON_NO_CAPACITY = "NoCapacity";

  @JsonPropertyDescription("Capacity the operator accounts with.")
  private Integer capacity;

  @JsonPropertyDescription("Accelerators held by admitted training phases.")
  private Integer allocated;

  @JsonPropertyDescription(
      "TrainingRuns waiting for this pool, in admission order (namespace/name).")
  private List<String> queued;

  public Integer getCapacity() {
    return capacity;
  }

  public void setCapacity(Integer capacity) {
    this.capacity = capacity;
  }

  /** Fluent setter, for fixtures and builders. */
  public HardwarePoolStatus withCapacity(Integer capacity) {
    this.capacity = capacity;
    return this;
  }

  public Integer getAllocated() {
    return allocated;
  }

  public void setAllocated(Integer allocated) {
    this.allocated = allocated;
  }

  /** Fluent setter, for fixtures and builders. */
  public HardwarePoolStatus withAllocated(Integer allocated) {
    this.allocated = allocated;
    return this;
  }

  public List<String> getQueued() {
    return queued;
  }

  public void setQueued(List<String> queued) {
    this.queued = queued;
  }

  /** Fluent setter, for fixtures and builders. */
  public HardwarePoolStatus withQueued(List<String> queued) {
    this.queued = queued;
    return this;
  }
}
