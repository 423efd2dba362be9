package io.fleetloop.e2e;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fleetloop.local.ComponentKind;
import io.fleetloop.local.KubeApiComponent;
import io.fleetloop.local.LocalStack;
import io.fleetloop.operator.FleetloopOperator;
import io.fleetloop.operator.OperatorSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster an E2E test runs against — the one seam between the tests and where Fleetloop runs.
 * Tests use only {@link #client()}: the Kubernetes API, nothing of the operator's internals, so the
 * same test runs on both targets.
 *
 * <ul>
 *   <li><b>A real cluster</b> when {@code -Dfleetloop.kubeconfig=<file>} or the environment
 *       variable {@code KUBECONFIG} is set: the CRDs and the operator must already be installed
 *       there (e.g. {@code kubectl apply -k manifests/overlays/kind}).
 *   <li><b>The embedded control plane</b> otherwise: the local stack's in-memory API server (with
 *       the CRDs) and {@link FleetloopOperator} in this JVM, started once per JVM.
 * </ul>
 *
 * {@code -Dfleetloop.e2e.target=embedded} forces the embedded control plane even when {@code
 * KUBECONFIG} is set; {@code =kubeconfig} insists on a real cluster.
 */
public abstract class ClusterTarget {

  /** System property: a kubeconfig file to test against. */
  public static final String KUBECONFIG_PROPERTY = "fleetloop.kubeconfig";

  /** System property: {@code auto} (default), {@code embedded} or {@code kubeconfig}. */
  public static final String TARGET_PROPERTY = "fleetloop.e2e.target";

  static final List<String> CRDS =
      List.of(
          "datatriggers.fleetloop.io",
          "hardwarepools.fleetloop.io",
          "trainingruns.fleetloop.io",
          "fleetreleases.fleetloop.io");

  private static ClusterTarget current;

  /** The target of this JVM (chosen and started on first use). */
  public static synchronized ClusterTarget get() {
    if (current == null) {
      current = choose(System.getProperties(), System.getenv());
      current.checkInstalled();
      System.out.println("[e2e] cluster: " + current.description());
    }
    return current;
  }

  static ClusterTarget choose(java.util.Properties properties, Map<String, String> env) {
    String target = properties.getProperty(TARGET_PROPERTY, "").trim().toLowerCase(Locale.ROOT);
    Optional<Path> kubeconfig =
        Optional.ofNullable(properties.getProperty(KUBECONFIG_PROPERTY))
            .filter(s -> !s.isBlank())
            .map(Path::of);
    boolean envKubeconfig =
        Optional.ofNullable(env.get("KUBECONFIG")).filter(s -> !s.isBlank()).isPresent();
    switch (target) {
      case "", "auto" -> {
        if (kubeconfig.isPresent() || envKubeconfig) {
          return new Remote(kubeconfig);
        }
        return new Embedded();
      }
      case "embedded" -> {
        return new Embedded();
      }
      case "kubeconfig" -> {
        if (kubeconfig.isEmpty() && !envKubeconfig) {
          throw new IllegalStateException(
              TARGET_PROPERTY
                  + "=kubeconfig needs -D"
                  + KUBECONFIG_PROPERTY
                  + "=<file> or the KUBECONFIG environment variable");
        }
        return new Remote(kubeconfig);
      }
      default ->
          throw new IllegalStateException(
              TARGET_PROPERTY + " must be auto, embedded or kubeconfig, not '" + target + "'");
    }
  }

  /** A client for the cluster; shared, do not close it. */
  public abstract KubernetesClient client();

  /** Where the tests run, for the log. */
  public abstract String description();

  /** True for the embedded control plane (whose API server checks no schema or CEL rule). */
  public abstract boolean embedded();

  /** Fails fast, with what to do, when the Fleetloop CRDs are not installed. */
  void checkInstalled() {
    for (String crd : CRDS) {
      CustomResourceDefinition found =
          client().apiextensions().v1().customResourceDefinitions().withName(crd).get();
      if (found == null) {
        throw new IllegalStateException(
            "CRD "
                + crd
                + " is not installed on "
                + description()
                + "; install Fleetloop first (kubectl apply -k manifests/overlays/kind)");
      }
    }
  }

  /** A cluster from a kubeconfig, with CRDs and operator installed. */
  static final class Remote extends ClusterTarget {
    private final KubernetesClient client;
    private final String description;

    Remote(Optional<Path> kubeconfig) {
      Config config =
          kubeconfig
              .map(Remote::fromFile)
              // KUBECONFIG (and the rest of the usual chain) as kubectl reads it
              .orElseGet(() -> Config.autoConfigure(null));
      this.client =
          new KubernetesClientBuilder()
              .withConfig(config)
              .withHttpClientFactory(new JdkHttpClientFactory())
              .build();
      this.description =
          "cluster "
              + config.getMasterUrl()
              + " (context "
              + Optional.ofNullable(config.getCurrentContext()).map(c -> c.getName()).orElse("?")
              + ")";
    }

    private static Config fromFile(Path path) {
      if (!Files.isReadable(path)) {
        throw new IllegalStateException("cannot read the kubeconfig " + path);
      }
      return Config.fromKubeconfig(path.toFile());
    }

    @Override
    public KubernetesClient client() {
      return client;
    }

    @Override
    public String description() {
      return description;
    }

    @Override
    public boolean embedded() {
      return false;
    }
  }

  /** The in-memory API server of the local stack with the operator in this JVM. */
  static final class Embedded extends ClusterTarget {
    private final KubernetesClient client;
    private final String description;

    Embedded() {
      KubeApiComponent api = LocalStack.shared(ComponentKind.KUBE_API).kubeApi();
      client = api.newClient();
      KubernetesClient operatorClient = api.newClient();
      FleetloopOperator operator =
          FleetloopOperator.start(operatorClient, OperatorSettings.local());
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    operator.close();
                    operatorClient.close();
                    client.close();
                  },
                  "fleetloop-e2e-control-plane-shutdown"));
      description = "embedded control plane " + api.masterUrl() + " (operator in-process)";
    }

    @Override
    public KubernetesClient client() {
      return client;
    }

    @Override
    public String description() {
      return description;
    }

    @Override
    public boolean embedded() {
      return true;
    }
  }
}
