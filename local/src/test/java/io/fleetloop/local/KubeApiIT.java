package io.fleetloop.local;

import static io.fleetloop.local.kube.TestCrds.GADGETS;
import static io.fleetloop.local.kube.TestCrds.gadget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fleetloop.local.kube.CrdResources;
import io.fleetloop.local.kube.Kubectl;
import io.fleetloop.local.kube.TestCrds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The in-memory API server behind the seam: CRUD on a CRD-backed kind, the status subresource, RFC
 * 7386 merge patches (arrays replaced), discovery, watches, and kubectl.
 */
class KubeApiIT {

  private static KubeApiComponent api;
  private static KubernetesClient client;
  private static String ns;

  @BeforeAll
  static void startApiServer() {
    api = LocalStack.shared(ComponentKind.KUBE_API).kubeApi();
    api.createCrd(TestCrds.gadgetCrd());
    client = api.client();
    ns = api.createUniqueNamespace("kube-api-it");
  }

  private static NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      gadgets() {
    return client.genericKubernetesResources(GADGETS).inNamespace(ns);
  }

  @Test
  void customResourceIsCreatedReadAndItsStatusUpdatedThroughTheSubresource() {
    GenericKubernetesResource created =
        gadgets().resource(gadget(ns, "crud", Map.of("size", 3))).create();
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(created.getMetadata().getUid()).isNotBlank();

    GenericKubernetesResource read = gadgets().withName("crud").get();
    assertThat(read.<Integer>get("spec", "size")).isEqualTo(3);

    read.setAdditionalProperty("status", Map.of("observedGeneration", 1, "phaseless", true));
    GenericKubernetesResource afterStatus = gadgets().resource(read).updateStatus();
    assertThat(afterStatus.<Integer>get("status", "observedGeneration")).isEqualTo(1);
    assertThat(afterStatus.getMetadata().getGeneration())
        .as("a status write does not bump the generation")
        .isEqualTo(1L);

    GenericKubernetesResource spec = gadgets().withName("crud").get();
    spec.setAdditionalProperty("spec", Map.of("size", 4));
    spec.setAdditionalProperty("status", Map.of("observedGeneration", 99));
    GenericKubernetesResource afterSpec = gadgets().resource(spec).update();
    assertThat(afterSpec.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(afterSpec.<Integer>get("status", "observedGeneration"))
        .as("an update of the main resource leaves the status alone")
        .isEqualTo(1);
  }

  @Test
  void mergePatchReplacesArraysInsteadOfAppending() {
    gadgets().resource(gadget(ns, "merge", Map.of("tags", List.of("a", "b"), "size", 1))).create();
    gadgets()
        .withName("merge")
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            """
            {"status":{"conditions":[{"type":"Ready","status":"False","reason":"Starting"}]}}""");

    GenericKubernetesResource patched =
        gadgets()
            .withName("merge")
            .subresource("status")
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                """
                {"status":{"conditions":[{"type":"Ready","status":"True","reason":"Running"}]}}""");
    assertThat(patched.<List<Map<String, Object>>>get("status", "conditions"))
        .containsExactly(Map.of("type", "Ready", "status", "True", "reason", "Running"));

    GenericKubernetesResource spec =
        gadgets()
            .withName("merge")
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                """
                {"spec":{"tags":["c"],"size":null}}""");
    assertThat(spec.<List<String>>get("spec", "tags")).containsExactly("c");
    assertThat(spec.<Map<String, Object>>get("spec")).doesNotContainKey("size");
    assertThat(spec.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(spec.<List<Map<String, Object>>>get("status", "conditions")).hasSize(1);
  }

  @Test
  void patchStatusOfTheClientReplacesConditions() {
    GenericKubernetesResource created =
        gadgets().resource(gadget(ns, "patch-status", Map.of("size", 1))).create();
    created.setAdditionalProperty(
        "status", Map.of("conditions", List.of(Map.of("type", "Ready", "status", "False"))));
    gadgets().resource(created).patchStatus();

    GenericKubernetesResource current = gadgets().withName("patch-status").get();
    current.setAdditionalProperty(
        "status",
        Map.of(
            "conditions",
            List.of(Map.of("type", "Ready", "status", "True")),
            "observedGeneration",
            1));
    GenericKubernetesResource patched = gadgets().resource(current).patchStatus();

    assertThat(patched.<List<Map<String, Object>>>get("status", "conditions"))
        .containsExactly(Map.of("type", "Ready", "status", "True"));
  }

  @Test
  void mergePatchWithAStaleResourceVersionConflicts() {
    GenericKubernetesResource created =
        gadgets().resource(gadget(ns, "conflict", Map.of("size", 1))).create();
    gadgets()
        .withName("conflict")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"size\":2}}");

    String stale =
        "{\"metadata\":{\"resourceVersion\":\""
            + created.getMetadata().getResourceVersion()
            + "\"},\"spec\":{\"size\":3}}";
    assertThatThrownBy(
            () ->
                gadgets().withName("conflict").patch(PatchContext.of(PatchType.JSON_MERGE), stale))
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(409));
  }

  @Test
  void serverSideApplyIsRefusedAtOnceWithAClearMessage() {
    gadgets().resource(gadget(ns, "ssa", Map.of("size", 1))).create();
    assertThatThrownBy(
            () -> gadgets().resource(gadget(ns, "ssa", Map.of("size", 2))).serverSideApply())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("server-side apply is not supported");
  }

  @Test
  void discoveryListsShortNamesCategoriesVerbsAndTheStatusSubresource() {
    APIResourceList list = client.getApiResources(TestCrds.GROUP + "/" + TestCrds.VERSION);
    APIResource gadgets =
        list.getResources().stream()
            .filter(r -> r.getName().equals("gadgets"))
            .findFirst()
            .orElseThrow();
    assertThat(gadgets.getShortNames()).containsExactly("gdg");
    assertThat(gadgets.getCategories()).containsExactly("fleetloop");
    assertThat(gadgets.getNamespaced()).isTrue();
    assertThat(gadgets.getVerbs())
        .contains("get", "list", "watch", "create", "update", "patch", "delete");
    assertThat(list.getResources()).extracting(APIResource::getName).contains("gadgets/status");

    assertThat(client.getApiResources("v1").getResources())
        .extracting(APIResource::getName)
        .contains("namespaces", "events", "configmaps", "secrets", "pods");
    assertThat(client.getApiResources("coordination.k8s.io/v1").getResources())
        .extracting(APIResource::getName)
        .contains("leases");
    assertThat(client.getApiResources("batch/v1").getResources())
        .extracting(APIResource::getName)
        .contains("jobs");
    assertThat(client.getApiGroups().getGroups())
        .extracting(g -> g.getName())
        .contains(TestCrds.GROUP, "apps", "batch", "coordination.k8s.io");
    assertThat(client.getKubernetesVersion().getMajor()).isEqualTo("1");
  }

  @Test
  void watchesDeliverEvents() throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    try (Watch ignored =
        gadgets()
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, GenericKubernetesResource resource) {
                    events.add(action + " " + resource.getMetadata().getName());
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      gadgets().resource(gadget(ns, "watched", Map.of("size", 1))).create();
      String event;
      do {
        event = events.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("an ADDED event within 10s").isNotNull();
      } while (!event.equals("ADDED watched"));
    }
  }

  @Test
  void kubectlListsByCategoryAndShortNameAndAppliesWithMergePatch() throws Exception {
    assumeTrue(Kubectl.installed(), "kubectl is not installed at " + Kubectl.BINARY);
    Kubectl kubectl = new Kubectl(api.kubeconfig());
    gadgets().resource(gadget(ns, "listed", Map.of("size", 1))).create();

    Kubectl.Result byCategory = kubectl.run("get", "fleetloop", "-A", "-o", "name");
    assertThat(byCategory.exitCode()).as(byCategory.toString()).isZero();
    assertThat(byCategory.stdout()).contains("gadget.test.fleetloop.io/listed");

    Kubectl.Result byShortName = kubectl.run("get", "gdg", "-n", ns, "-o", "name");
    assertThat(byShortName.exitCode()).as(byShortName.toString()).isZero();
    assertThat(byShortName.stdout()).contains("gadget.test.fleetloop.io/listed");

    Kubectl.Result table = kubectl.run("get", "gdg", "listed", "-n", ns);
    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.stdout().lines().toList())
        .as("server-side printing with the CRD's printer columns")
        .hasSize(2)
        .satisfies(
            lines ->
                assertThat(lines.get(0).split("\\s+"))
                    .containsExactly("NAME", "READY", "SIZE", "AGE"))
        .satisfies(lines -> assertThat(lines.get(1)).startsWith("listed").contains(" 1 "));

    Path manifest = Files.createTempFile("gadget", ".yaml");
    try {
      Files.writeString(manifest, applied(List.of("x", "y")));
      Kubectl.Result create = kubectl.run("apply", "--validate=false", "-f", manifest.toString());
      assertThat(create.exitCode()).as(create.toString()).isZero();
      Files.writeString(manifest, applied(List.of("z")));
      Kubectl.Result update = kubectl.run("apply", "--validate=false", "-f", manifest.toString());
      assertThat(update.exitCode()).as(update.toString()).isZero();
    } finally {
      Files.deleteIfExists(manifest);
    }
    assertThat(gadgets().withName("applied").get().<List<String>>get("spec", "tags"))
        .containsExactly("z");

    Kubectl.Result delete = kubectl.run("delete", "gdg", "applied", "-n", ns, "--wait=false");
    assertThat(delete.exitCode()).as(delete.toString()).isZero();
    assertThat(gadgets().withName("applied").get()).isNull();
  }

  @Test
  void kubectlFindsDataTriggersByShortName() throws Exception {
    assumeTrue(Kubectl.installed(), "kubectl is not installed at " + Kubectl.BINARY);
    ensureDataTriggerCrd();
    Kubectl kubectl = new Kubectl(api.kubeconfig());
    Path manifest = Files.createTempFile("datatrigger", ".yaml");
    try {
      Files.writeString(
          manifest,
          """
          apiVersion: fleetloop.io/v1alpha1
          kind: DataTrigger
          metadata:
            name: fog
            namespace: %s
          spec:
            condition: "env.weather == 'fog'"
            priority: 50
          """
              .formatted(ns));
      Kubectl.Result apply = kubectl.run("apply", "--validate=false", "-f", manifest.toString());
      assertThat(apply.exitCode()).as(apply.toString()).isZero();
    } finally {
      Files.deleteIfExists(manifest);
    }

    Kubectl.Result byShortName = kubectl.run("get", "dtr", "-n", ns, "-o", "name");
    assertThat(byShortName.exitCode()).as(byShortName.toString()).isZero();
    assertThat(byShortName.stdout().trim()).isEqualTo("datatrigger.fleetloop.io/fog");

    Kubectl.Result byCategory = kubectl.run("get", "fleetloop", "-A", "-o", "name");
    assertThat(byCategory.exitCode()).as(byCategory.toString()).isZero();
    assertThat(byCategory.stdout()).contains("datatrigger.fleetloop.io/fog");
  }

  /**
   * The DataTrigger CRD comes from the fleetloop-api jar; until that jar carries it, the copy in
   * {@code <repo>/crds/} is created instead.
   */
  private static void ensureDataTriggerCrd() throws Exception {
    if (api.crdNames().contains("datatriggers.fleetloop.io")) {
      return;
    }
    Path committed =
        Path.of(
            System.getProperty("fleetloop.root", "../.."),
            "crds",
            "datatriggers.fleetloop.io-v1.yml");
    assumeTrue(
        Files.isRegularFile(committed), "no DataTrigger CRD in the api jar nor at " + committed);
    CustomResourceDefinition crd = CrdResources.read(committed.toUri().toURL());
    api.createCrd(crd);
  }

  private String applied(List<String> tags) {
    return """
        apiVersion: test.fleetloop.io/v1
        kind: Gadget
        metadata:
          name: applied
          namespace: %s
        spec:
          tags: [%s]
        """
        .formatted(ns, String.join(", ", tags));
  }
}
