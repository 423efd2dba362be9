package io.fleetloop.e2e;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fleetloop.audit.client.AuditClient;
import io.fleetloop.cli.LocalLoop;
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
 *   <li><b>The embedded local loop</b> otherwise: {@code ./fleetloop up} in this JVM ({@link
 *       LocalLoop}) — the in-memory API server with the CRDs, the operator with the loop
 *       controller, the audit log, release channel, curator, node agent and a simulated fleet
 *       uploading through ingest — started once per JVM (see {@link Embedded}).
 * </ul>
 *
 * {@code -Dfleetloop.e2e.target=embedded} forces the embedded local loop even when {@code
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

  /**
   * Where the demo report of {@code fleetloop up} ({@code generations.csv}, {@code rollouts.csv},
   * {@code loop.json}) is written: only the embedded local loop writes one; empty on a cluster.
   */
  public Optional<Path> loopReportDir() {
    return Optional.empty();
  }

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
   * {@code ./fleetloop up} in this JVM ({@link LocalLoop}): the local stack (in-memory API server
   * with the CRDs, PostgreSQL, S3 server, Pulsar), the control plane (audit log, release channel,
   * operator with the loop controller), the curator, the node agent running trainer and validator
   * Jobs as processes, and a simulated fleet of {@value #FLEET_SIZE} vehicles uploading through a
   * real ingest service, pulling DataTriggers and models from the release channel and reporting
   * exposure. Started once per JVM, stopped by a shutdown hook.
   *
   * <p>The loop applies {@code manifests/demo/} itself, as {@code fleetloop up} does: its fleet
   * starts only once a DataTrigger compiled, and preinstalls and publishes the generation-0 model
   * under the versions the applied releases name, so a loop started without them has no fleet. The
   * tests apply the same resources again, idempotently (a no-op here), as on a real cluster. The
   * time-lapse is {@code -Dfleetloop.e2e.timeLapse} (default {@value #DEFAULT_TIME_LAPSE}x).
   */
  static final class Embedded extends ClusterTarget {
    static final int FLEET_SIZE = 100;
    static final int DEFAULT_TIME_LAPSE = 120;
    static final String TIME_LAPSE_PROPERTY = "fleetloop.e2e.timeLapse";

    private final LocalLoop loop;
    private final AuditClient audit;
    private final String description;

    Embedded() {
      Path root = Path.of(System.getProperty("fleetloop.root", "..")).toAbsolutePath().normalize();
      Path dataDir;
      try {
        Path target = Files.createDirectories(Path.of("target"));
        dataDir = Files.createTempDirectory(target.toAbsolutePath(), "local-loop-");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the local loop's data directory", e);
      }
      int timeLapse =
          Integer.parseInt(
              System.getProperty(TIME_LAPSE_PROPERTY, "").isBlank()
                  ? Integer.toString(DEFAULT_TIME_LAPSE)
                  : System.getProperty(TIME_LAPSE_PROPERTY).trim());
      loop =
          new LocalLoop(
              LocalLoop.Options.defaults(dataDir)
                  .withFleetSize(FLEET_SIZE)
                  .withTimeLapse(timeLapse)
                  .withResources(root.resolve("manifests").resolve("demo"))
                  .withAuditPort(0)
                  .withIngestPort(0));
      Runtime.getRuntime()
          .addShutdownHook(new Thread(this::close, "fleetloop-e2e-local-loop-shutdown"));
      long t0 = System.nanoTime();
      try {
        loop.start();
      } catch (Exception e) {
        throw new IllegalStateException(
            "the embedded local loop (fleetloop up in-process, data and logs in "
                + dataDir
                + ") did not start: "
                + e.getMessage(),
            e);
      }
      String auditEndpoint =
          loop.auditQueryEndpoint()
              .orElseThrow(
                  () -> new IllegalStateException("the embedded local loop runs no audit log"));
      audit = AuditClient.connect(auditEndpoint);
      description =
          "embedded local loop "
              + loop.kubeconfig()
              + " (fleetloop up in-process: "
              + FLEET_SIZE
              + " vehicles at "
              + timeLapse
              + "x, audit log on "
              + auditEndpoint
              + ", data and logs in "
              + dataDir
              + ", started in "
              + (System.nanoTime() - t0) / 1_000_000_000
              + " s)";
    }

    private void close() {
      if (audit != null) {
        audit.close();
      }
      loop.close();
    }

    @Override
    public KubernetesClient client() {
      return loop.client();
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

    @Override
    public Optional<Path> loopReportDir() {
      return Optional.of(loop.reportDir());
    }
  }
}
