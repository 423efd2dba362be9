package io.fleetloop.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/** A flavor of training hardware: datacenter GPUs or racks of production edge chips. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HardwarePoolSpec {
  @Required
  @JsonPropertyDescription("What the pool offers.")
  private Accelerator accelerator;

  @Required
  @Min(0)
  @Max(100000)
  @JsonPropertyDescription("Accelerators (or boards) in the pool.")
  private Integer capacity;

  @JsonPropertyDescription("Node labels training Jobs are pinned to.")
  private Map<String, String> nodeSelector;

  @Size(max = 32)
  @JsonPropertyDescription("Tolerations added to training Jobs.")
  private List<Toleration> tolerations;

  @JsonPropertyDescription("Ordering and preemption of waiting runs.")
  private Queueing queueing;

  public Accelerator getAccelerator() {
    return accelerator;
  }

  public void setAccelerator(Accelerator accelerator) {
    this.accelerator = accelerator;
  }

  /** Fluent setter, for fixtures and builders. */
  public HardwarePoolSpec withAccelerator(Accelerator accelerator) {
    this.accelerator = accelerator;
    return this;
  }

  public Integer getCapacity() {
    return capacity;
  }

  public void setCapacity(Integer capacity) {
    this.capacity = capacity;
  }

  /** Fluent setter, for fixtures and builders. */
  public HardwarePoolSpec withCapacity(Integer capacity) {
    this.capacity = capacity;
    return this;
  }

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  /** Fluent setter, for fixtures and builders. */
  public HardwarePoolSpec withNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
    return this;
  }

  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations;
  }

  /** Fluent setter, for fixtures and builders. */
  public HardwarePoolSpec withTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations;
    return this;
  }

  public Queueing getQueueing() {
    return queueing;
  }

  public void setQueueing(Queueing queueing) {
    this.queueing = queueing;
  }

  /** Fluent setter, for fixtures and builders. */
  public HardwarePoolSpec withQueueing(Queueing queueing) {
    this.queueing = queueing;
    return this;
  }
}
