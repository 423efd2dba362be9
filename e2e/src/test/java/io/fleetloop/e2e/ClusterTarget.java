package io.fleetloop.e2e;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fleetloop.audit.app.AuditConfig;
import io.fleetloop.audit.app.AuditService;
import io.fleetloop.audit.client.AuditClient;
import io.fleetloop.audit.grpc.AuditServer;
import io.fleetloop.local.ComponentKind;
import io.fleetloop.local.KubeApiComponent;
import io.fleetloop.local.LocalStack;
import io.fleetloop.local.PostgresComponent;
import io.fleetloop.operator.FleetloopOperator;
import io.fleetloop.operator.OperatorSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster an E2E test runs against — the one seam between the tests and where Fleetloop runs.
 * Tests use only {@link #client()} — the Kubernetes API, nothing of the operator's internals — and
 * {@link #audit()}, the audit log's public query API, so the same test runs on both targets.
 *
 * <ul>
 *   <li><b>A real cluster</b> when {@code -Dfleetloop.kubeconfig=<file>} or the environment
 *       variable {@code KUBECONFIG} is set: the CRDs, the operator and the audit service must
 *       already be installed there (e.g. {@code kubectl apply -k manifests/overlays/kind}). The
 *       audit query endpoint is {@code -Dfleetloop.audit.endpoint=host:port} or {@code
 *       FLEETLOOP_AUDIT_QUERY_ENDPOINT} (e.g. a {@code kubectl port-forward} to the audit Service);
 *       without one {@link #audit()} is empty and tests skip their audit assertions.
 *   <li><b>The embedded control plane</b> otherwise: the local stack's in-memory API server (with
 *       the CRDs), the audit service on the local stack's PostgreSQL (gRPC on loopback) and {@link
 *       FleetloopOperator} recording to it, all in this JVM, started once per JVM.
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

  /** System property: {@code host:port} of the audit service's query port on a real cluster. */
  public static final String AUDIT_ENDPOINT_PROPERTY = "fleetloop.audit.endpoint";

  /** Environment variable read when {@value #AUDIT_ENDPOINT_PROPERTY} is not set. */
  public static final String AUDIT_ENDPOINT_ENV = "FLEETLOOP_AUDIT_QUERY_ENDPOINT";

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
    Optional<String> auditEndpoint =
        Optional.ofNullable(properties.getProperty(AUDIT_ENDPOINT_PROPERTY))
            .filter(s -> !s.isBlank())
            .or(() -> Optional.ofNullable(env.get(AUDIT_ENDPOINT_ENV)).filter(s -> !s.isBlank()))
            .map(String::trim);
    switch (target) {
      case "", "auto" -> {
        if (kubeconfig.isPresent() || envKubeconfig) {
          return new Remote(kubeconfig, auditEndpoint);
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
        return new Remote(kubeconfig, auditEndpoint);
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

  /**
   * A client of the audit log's public query API (timeline, lineage, verify), shared: do not close
   * it. Empty on a real cluster without an audit query endpoint (see {@link #noAuditReason()}).
   */
  public abstract Optional<AuditClient> audit();

  /** Why {@link #audit()} is empty, and how to give one: the message of a skipped assertion. */
  public String noAuditReason() {
    return "no audit query endpoint for "
        + description()
        + ": set -D"
        + AUDIT_ENDPOINT_PROPERTY
        + "=host:port or "
        + AUDIT_ENDPOINT_ENV
        + " (e.g. kubectl -n fleetloop-system port-forward svc/fleetloop-audit 7443:7443, then"
        + " 127.0.0.1:7443); the audit assertions are skipped";
  }

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
    private final Optional<AuditClient> audit;

    Remote(Optional<Path> kubeconfig, Optional<String> auditEndpoint) {
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
              + ")"
              + auditEndpoint.map(e -> ", audit query endpoint " + e).orElse("");
      this.audit = auditEndpoint.map(AuditClient::connect);
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

    @Override
    public Optional<AuditClient> audit() {
      return audit;
    }
  }

  /**
   * The in-memory API server of the local stack, the audit service on the local stack's PostgreSQL
   * (served over loopback gRPC: the query port, and the append port behind a token) and the
   * operator recording to it, in this JVM.
   */
  static final class Embedded extends ClusterTarget {
    private static final String AUDIT_DATABASE = "fleetloop_e2e_audit";
    private static final String AUDIT_TOKEN = "e2e-append-token";

    private final KubernetesClient client;
    private final AuditClient audit;
    private final String description;

    Embedded() {
      LocalStack stack = LocalStack.shared(ComponentKind.KUBE_API, ComponentKind.POSTGRES);
      KubeApiComponent api = stack.kubeApi();
      PostgresComponent pg = stack.postgres();
      AuditService auditService =
          AuditService.start(
              AuditConfig.forDatabase(pg.createDatabase(AUDIT_DATABASE), pg.user(), pg.password()));
      AuditServer auditServer;
      try {
        auditServer = AuditServer.start(auditService, "127.0.0.1", 0, 0, AUDIT_TOKEN);
      } catch (IOException e) {
        auditService.close();
        throw new UncheckedIOException("cannot serve the audit service on loopback", e);
      }
      client = api.newClient();
      KubernetesClient operatorClient = api.newClient();
      FleetloopOperator operator =
          FleetloopOperator.start(
              operatorClient,
              OperatorSettings.local()
                  .withAudit("127.0.0.1:" + auditServer.internalPort(), AUDIT_TOKEN));
      audit = AuditClient.connect("127.0.0.1:" + auditServer.publicPort());
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    operator.close();
                    operatorClient.close();
                    client.close();
                    audit.close();
                    auditServer.close();
                    auditService.close();
                  },
                  "fleetloop-e2e-control-plane-shutdown"));
      description =
          "embedded control plane "
              + api.masterUrl()
              + " (operator in-process, audit log on 127.0.0.1:"
              + auditServer.publicPort()
              + ")";
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

    @Override
    public Optional<AuditClient> audit() {
      return Optional.of(audit);
    }
  }
}
