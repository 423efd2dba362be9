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
 * A model rolling out to a fleet in canary stages with statistical analysis and automatic rollback,
 * and the loop that starts the next generation.
 */
@Group(FleetloopApi.GROUP)
@Version(FleetloopApi.VERSION)
@Plural("fleetreleases")
@ShortNames("fr")
@Categories(FleetloopApi.CATEGORY)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Stable",
    jsonPath = ".status.stableVersion",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Candidate",
    jsonPath = ".status.candidateVersion",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Stage",
    jsonPath = ".status.currentStage",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Paused",
    jsonPath = ".spec.paused",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class FleetRelease extends CustomResource<FleetReleaseSpec, FleetReleaseStatus>
    implements Namespaced {

  public static final String KIND = "FleetRelease";

  /** Every Fleetloop resource has a spec. */
  @Override
  @Required
  public FleetReleaseSpec getSpec() {
    return super.getSpec();
  }

  @Override
  protected FleetReleaseSpec initSpec() {
    return new FleetReleaseSpec();
  }
}
