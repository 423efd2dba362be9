package io.fleetloop.local.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pins down the behaviour of the bare fabric8 CRUD mock (7.5.2) that {@link ApiServerDispatcher}
 * corrects: its JSON merge patch appends arrays. If this test fails after a fabric8 upgrade, the
 * mock has been fixed and the merge-patch translation in the seam can go.
 */
class BareMockMergePatchIT {

  /** The bare mock's web server logs every request at INFO through java.util.logging. */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger(MockWebServer.class.getName());

  private KubernetesMockServer server;
  private KubernetesClient client;

  @BeforeEach
  void startBareMock() throws Exception {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(server.url("/"))
            .withNamespace("default")
            .withRequestTimeout(5_000)
            .withRequestRetryBackoffLimit(0)
            .build();
    client = new KubernetesClientBuilder().withConfig(config).build();
    client.apiextensions().v1().customResourceDefinitions().resource(TestCrds.gadgetCrd()).create();
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  @Test
  void theBareMockAppendsArraysOnMergePatch() {
    var gadgets = client.genericKubernetesResources(TestCrds.GADGETS).inNamespace("default");
    gadgets.resource(TestCrds.gadget("default", "g", Map.of("tags", List.of("a")))).create();

    GenericKubernetesResource patched =
        gadgets
            .withName("g")
            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"tags\":[\"b\"]}}");

    assertThat(patched.<List<String>>get("spec", "tags"))
        .as("RFC 7386 says [b]; the bare mock appends")
        .containsExactly("a", "b");
  }

  @Test
  void theBareMockKeepsNullMembersOnMergePatch() {
    var gadgets = client.genericKubernetesResources(TestCrds.GADGETS).inNamespace("default");
    gadgets.resource(TestCrds.gadget("default", "n", Map.of("size", 1, "color", "red"))).create();

    GenericKubernetesResource patched =
        gadgets
            .withName("n")
            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"size\":null}}");

    assertThat(patched.<Map<String, Object>>get("spec"))
        .as("RFC 7386 removes size; the bare mock stores null")
        .containsEntry("size", null)
        .containsEntry("color", "red");
  }
}
