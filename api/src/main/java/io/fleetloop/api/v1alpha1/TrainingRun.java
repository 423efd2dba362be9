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
 * One generation of a model: a dataset, phases on hardware pools (the last one on the edge chip's
 * own arithmetic), validation gates and promotion into a FleetRelease.
 */
@Group(FleetloopApi.GROUP)
@Version(FleetloopApi.VERSION)
@Plural("trainingruns")
@ShortNames("tr")
@Categories(FleetloopApi.CATEGORY)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Model",
    jsonPath = ".spec.model.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Admitted",
    jsonPath = ".status.conditions[?(@.type==\"Admitted\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Succeeded",
    jsonPath = ".status.conditions[?(@.type==\"Succeeded\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Version",
    jsonPath = ".status.modelVersion.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Snapshot",
    jsonPath = ".status.datasetSnapshot",
    type = AdditionalPrinterColumn.Type.STRING,
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
public class TrainingRun extends CustomResource<TrainingRunSpec, TrainingRunStatus>
    implements Namespaced {

  public static final String KIND = "TrainingRun";

  /** Every Fleetloop resource has a spec. */
  @Override
  @Required
  public TrainingRunSpec getSpec() {
    return super.getSpec();
  }

  @Override
  protected TrainingRunSpec initSpec() {
    return new TrainingRunSpec();
  }
}
