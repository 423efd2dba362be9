package io.fleetloop.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A flavor of training hardware (cluster-scoped): datacenter GPUs, or racks of the fleet's own edge
 * chips with their integer arithmetic. Training phases queue for its capacity.
 */
@Group(FleetloopApi.GROUP)
@Version(FleetloopApi.VERSION)
@Plural("hardwarepools")
@ShortNames("hwp")
@Categories(FleetloopApi.CATEGORY)
@AdditionalPrinterColumn(
    name = "Kind",
    jsonPath = ".spec.accelerator.kind",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Model",
    jsonPath = ".spec.accelerator.model",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Capacity",
    jsonPath = ".spec.capacity",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Allocated",
    jsonPath = ".status.allocated",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Queued",
    jsonPath = ".status.queued",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class HardwarePool extends CustomResource<HardwarePoolSpec, HardwarePoolStatus> {

  public static final String KIND = "HardwarePool";

  /** Every Fleetloop resource has a spec. */
  @Override
  @Required
  public HardwarePoolSpec getSpec() {
    return super.getSpec();
  }

  @Override
  protected HardwarePoolSpec initSpec() {
    return new HardwarePoolSpec();
  }
}
