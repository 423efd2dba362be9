package io.fleetloop.local.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;

/**
 * A tiny CRD of the tests' own ({@code Gadget}, short name {@code gdg}, category {@code fleetloop},
 * status subresource), so the API server can be tested before and independently of the project's
 * CRDs.
 */
public final class TestCrds {

  public static final String GROUP = "test.fleetloop.io";
  public static final String VERSION = "v1";

  public static final ResourceDefinitionContext GADGETS =
      new ResourceDefinitionContext.Builder()
          .withGroup(GROUP)
          .withVersion(VERSION)
          .withPlural("gadgets")
          .withKind("Gadget")
          .withNamespaced(true)
          .build();

  private TestCrds() {}

  public static CustomResourceDefinition gadgetCrd() {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName("gadgets." + GROUP)
        .endMetadata()
        .withNewSpec()
        .withGroup(GROUP)
        .withScope("Namespaced")
        .withNewNames()
        .withKind("Gadget")
        .withPlural("gadgets")
        .withSingular("gadget")
        .withShortNames("gdg")
        .withCategories("fleetloop")
        .endNames()
        .addNewVersion()
        .withName(VERSION)
        .withServed(true)
        .withStorage(true)
        .withNewSchema()
        .withNewOpenAPIV3Schema()
        .withType("object")
        .withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema()
        .endSchema()
        .withNewSubresources()
        .withNewStatus()
        .endStatus()
        .endSubresources()
        .addNewAdditionalPrinterColumn()
        .withName("Ready")
        .withType("string")
        .withJsonPath(".status.conditions[?(@.type==\"Ready\")].status")
        .endAdditionalPrinterColumn()
        .addNewAdditionalPrinterColumn()
        .withName("Size")
        .withType("integer")
        .withJsonPath(".spec.size")
        .endAdditionalPrinterColumn()
        .addNewAdditionalPrinterColumn()
        .withName("Age")
        .withType("date")
        .withJsonPath(".metadata.creationTimestamp")
        .endAdditionalPrinterColumn()
        .endVersion()
        .endSpec()
        .build();
  }

  /** A gadget with {@code spec}. */
  public static GenericKubernetesResource gadget(
      String namespace, String name, Map<String, Object> spec) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(GROUP + "/" + VERSION)
        .withKind("Gadget")
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }
}
