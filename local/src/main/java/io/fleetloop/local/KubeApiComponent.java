package io.fleetloop.local;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fleetloop.local.kube.ApiServerDispatcher;
import io.fleetloop.local.kube.CrdResources;
import io.fleetloop.local.kube.Kubeconfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory Kubernetes API server: the fabric8 CRUD mock behind {@link ApiServerDispatcher}, in
 * this JVM, on a loopback port, plain HTTP. Read the dispatcher's javadoc for what the mock does
 * not do and what the seam corrects.
 *
 * <p>On start it creates the {@code default} namespace and the project's CRDs (the {@code
 * META-INF/fabric8/*.fleetloop.io-v1.yml} files of the fleetloop-api jar, plus any given), and
 * writes a kubeconfig. Everything else gets a kubeconfig ({@link #kubeconfig()}) or a client
 * ({@link #client()}, {@link #newClient()}).
 */
public final class KubeApiComponent implements Component {

  private static final Logger LOG = LoggerFactory.getLogger(KubeApiComponent.class);

  /** What {@code /version} reports: the kubectl installed here is 1.32. */
  private static final VersionInfo VERSION =
      new VersionInfo.Builder()
          .withMajor("1")
          .withMinor("32")
          .withGitVersion("v1.32.0-fleetloop-local")
          .withPlatform("linux/amd64")
          .build();

  /** Held so the JUL configuration is not garbage-collected with a weak logger. */
  private static final java.util.logging.Logger MOCK_WEB_SERVER_LOG =
      java.util.logging.Logger.getLogger(MockWebServer.class.getName());

  private final Path kubeconfig;
  private final int requestedPort;
  private final List<CustomResourceDefinition> extraCrds;
  private volatile KubernetesMockServer server;
  private volatile KubernetesClient client;
  private volatile int port;
  private final List<String> crdNames = new ArrayList<>();

  /**
   * @param kubeconfig where to write the kubeconfig
   * @param port the port to listen on, 0 for a free one
   * @param extraCrds CRDs to create besides the project's
   */
  public KubeApiComponent(Path kubeconfig, int port, List<CustomResourceDefinition> extraCrds) {
    this.kubeconfig = kubeconfig;
    this.requestedPort = port;
    this.extraCrds = List.copyOf(extraCrds);
  }

  @Override
  public ComponentKind kind() {
    return ComponentKind.KUBE_API;
  }

  /** Synchronous: the server is serving, the CRDs exist and the kubeconfig is written. */
  @Override
  public void start() throws IOException {
    // the mock's web server logs every request at INFO through java.util.logging
    MOCK_WEB_SERVER_LOG.setLevel(Level.WARNING);
    MockWebServer web = new MockWebServer();
    KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
    ApiServerDispatcher dispatcher = new ApiServerDispatcher(crud, web, VERSION);
    server =
        new KubernetesMockServer(new Context(), web, new HashMap<>(), dispatcher, false, VERSION);
    int bind =
        requestedPort == 0 ? 0 : Ports.requireFree(requestedPort, "the Kubernetes API server");
    try {
      server.start(InetAddress.getByName(Ports.LOOPBACK), bind);
    } catch (RuntimeException e) {
      throw new ComponentStartException(
          "the Kubernetes API server cannot listen on " + Ports.LOOPBACK + ":" + bind, e);
    }
    port = server.getPort();
    client = newClient();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build())
        .create();
    List<CustomResourceDefinition> crds = new ArrayList<>(CrdResources.fleetloopCrds());
    crds.addAll(extraCrds);
    if (crds.stream().noneMatch(c -> c.getMetadata().getName().endsWith(".fleetloop.io"))) {
      LOG.warn(
          "no fleetloop CRDs (META-INF/fabric8/*.fleetloop.io-v1.yml) on the classpath: is the"
              + " fleetloop-api jar built?");
    }
    for (CustomResourceDefinition crd : crds) {
      createCrd(crd);
    }
    Kubeconfig.write(kubeconfig, masterUrl(), "default");
  }

  /** Creates (or replaces) a CRD; its kinds are served and discoverable at once. */
  public void createCrd(CustomResourceDefinition crd) {
    CustomResourceDefinition copy =
        Serialization.clone(crd)
            .edit()
            .editMetadata()
            .withResourceVersion(null)
            .endMetadata()
            .build();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(copy)
        .createOr(c -> c.update());
    synchronized (crdNames) {
      if (!crdNames.contains(crd.getMetadata().getName())) {
        crdNames.add(crd.getMetadata().getName());
      }
    }
  }

  /** The names of the CRDs created by this component. */
  public List<String> crdNames() {
    synchronized (crdNames) {
      return List.copyOf(crdNames);
    }
  }

  @Override
  public boolean isReady() {
    return server != null && Ports.isListening(port);
  }

  /** {@code http://127.0.0.1:<port>} */
  public String masterUrl() {
    return "http://" + Ports.LOOPBACK + ":" + port;
  }

  public int port() {
    return port;
  }

  /** The kubeconfig file for kubectl and for clients in other processes. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /**
   * The shared client of the stack (short timeouts). Do not close it; use {@link #newClient()} for
   * one you own.
   */
  public KubernetesClient client() {
    return client;
  }

  /** Client configuration with short timeouts: the mock can leave a request unanswered. */
  public Config clientConfig() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(masterUrl())
        .withNamespace("default")
        .withHttp2Disable(true)
        .withConnectionTimeout(3_000)
        .withRequestTimeout(10_000)
        .withRequestRetryBackoffLimit(2)
        .withRequestRetryBackoffInterval(100)
        .build();
  }

  /** A new client for this server; the caller closes it. */
  public KubernetesClient newClient() {
    // explicit: other modules may put a second HTTP client implementation on the classpath
    return new KubernetesClientBuilder()
        .withConfig(clientConfig())
        .withHttpClientFactory(new VertxHttpClientFactory())
        .build();
  }

  /**
   * Creates a namespace named {@code <prefix>-<random>} (lower-cased, trimmed to a valid name), for
   * one test class.
   */
  public String createUniqueNamespace(String prefix) {
    String base =
        prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
    if (base.length() > 50) {
      base = base.substring(0, 50);
    }
    String name =
        base
            + "-"
            + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  @Override
  public String endpoint() {
    return masterUrl();
  }

  @Override
  public Map<String, String> endpoints() {
    Map<String, String> endpoints = new LinkedHashMap<>();
    endpoints.put("server", masterUrl());
    endpoints.put("kubeconfig", kubeconfig.toString());
    return endpoints;
  }

  @Override
  public Optional<String> problem() {
    return Optional.empty();
  }

  @Override
  public void stop() {
    KubernetesClient c = client;
    client = null;
    if (c != null) {
      c.close();
    }
    KubernetesMockServer s = server;
    server = null;
    if (s != null) {
      try {
        s.destroy();
      } catch (RuntimeException e) {
        LOG.debug("stopping the API server", e);
      }
    }
  }
}
