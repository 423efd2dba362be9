package io.fleetloop.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Which moments the fleet uploads: a CEL condition evaluated by every targeted device on every
 * frame, with sampling, per-device budgets, a pre/post-roll window, a cooldown and a canary
 * rollout.
 */
@Group(FleetloopApi.GROUP)
@Version(FleetloopApi.VERSION)
@Plural("datatriggers")
@ShortNames("dtr")
@Categories(FleetloopApi.CATEGORY)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Priority",
    jsonPath = ".spec.priority",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Canary%",
    jsonPath = ".spec.rollout.canaryPercent",
    type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Rollout",
    jsonPath = ".status.rollout.phase",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Firings",
    jsonPath = ".status.firings",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Clips",
    jsonPath = ".status.uploads.clips",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Usefulness",
    jsonPath = ".status.usefulness",
    type = AdditionalPrinterColumn.Type.NUMBER,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class DataTrigger extends CustomResource<DataTriggerSpec, DataTriggerStatus>
    implements Namespaced {

  public static final String KIND = "DataTrigger";

  /** Every Fleetloop resource has a spec. */
  @Override
  @Required
  public DataTriggerSpec getSpec() {
    return super.getSpec();
  }

  @Override
  protected DataTriggerSpec initSpec() {
    return new DataTriggerSpec();
  }
}
