package io.fleetloop.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.local.ComponentKind;
import io.fleetloop.local.ComponentStartException;
import io.fleetloop.local.LocalStack;
import io.fleetloop.local.LocalStackOptions;
import io.fleetloop.local.PostgresComponent;
import io.fleetloop.operator.trainingrun.TrainingSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleetloop up}: starts the local stack (API server, PostgreSQL, S3, Pulsar), the control
 * plane, applies {@code manifests/examples/}, prints where everything is, and runs until Ctrl-C (or
 * {@code fleetloop down}).
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Starts Fleetloop on this machine with real components on loopback: an in-memory Kubernetes"
          + " API server, PostgreSQL, an S3 server and Pulsar, then the operator; applies the"
          + " example manifests and runs until Ctrl-C.",
      "Stop it with Ctrl-C or, from another terminal, `fleetloop down`."
    })
public final class UpCommand implements Callable<Integer> {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Data, logs, kubeconfig and state file (default: <checkout>/.fleetloop).")
  Path dataDir;

  @Option(names = "--no-pulsar", description = "Do not start Pulsar.")
  boolean noPulsar;

  @Option(names = "--no-s3", description = "Do not start the S3 server.")
  boolean noS3;

  @Option(names = "--no-postgres", description = "Do not start PostgreSQL.")
  boolean noPostgres;

  @Option(names = "--no-operator", description = "Do not start the operator.")
  boolean noOperator;

  @Option(
      names = "--kube-port",
      paramLabel = "PORT",
      defaultValue = "0",
      description = "Port of the API server (default: a free one).")
  int kubePort;

  @Option(
      names = "--audit-port",
      paramLabel = "PORT",
      defaultValue = "7443",
      description =
          "Query port of the audit log (the append port is the next one; 0: free ports)."
              + " Default: ${DEFAULT-VALUE}, what `fleetloop audit` expects.")
  int auditPort;

  @Option(
      names = "--examples",
      paramLabel = "DIR",
      description =
          "Manifests applied once the control plane runs (default: <checkout>/manifests/examples).")
  Path examples;

  @Option(
      names = "--fleet-size",
      paramLabel = "N",
      defaultValue = "100",
      description =
          "Simulated vehicles driving through the edge agent and uploading through ingest"
              + " (0: no fleet). Default: ${DEFAULT-VALUE}.")
  int fleetSize;

  @Option(
      names = "--ingest-port",
      paramLabel = "PORT",
      defaultValue = "7445",
      description = "Port of the ingest service devices upload to (0: a free one).")
  int ingestPort;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "1",
      description = "Seed of the reference world and the generation-0 policy.")
  long seed;

  @Option(
      names = "--sequential",
      description =
          "Start the components one after the other (slower; clean per-component timings).")
  boolean sequential;

  @Option(
      names = "--stop-when-ready",
      description = "Start everything, print the summary, then stop again (smoke test, timings).")
  boolean stopWhenReady;

  private final PrintStream out = System.out;

  private Optional<String> auditEndpoint = Optional.empty();
  private Optional<String> releaseEndpoint = Optional.empty();
  private Optional<String> curatorEndpoint = Optional.empty();

  @Override
  public Integer call() throws Exception {
    Path dir = dataDir != null ? dataDir.toAbsolutePath().normalize() : Main.defaultDataDir();
    LocalStackOptions options =
        LocalStackOptions.local(dir)
            .withComponents(components())
            .withKubeApiPort(kubePort)
            .withParallel(!sequential);
    LocalStack stack;
    try {
      stack = LocalStack.open(options);
    } catch (ComponentStartException e) {
      System.err.println("fleetloop up: " + e.getMessage());
      return 1;
    }
    Shutdown shutdown = new Shutdown(stack);
    Runtime.getRuntime().addShutdownHook(new Thread(shutdown::run, "fleetloop-up-shutdown"));
    try {
      stack.ensureStarted(options.components());
      if (!noOperator && stack.isRunning(ComponentKind.KUBE_API)) {
        out.println("[fleetloop] starting the control plane");
        long t0 = System.nanoTime();
        ControlPlane controlPlane = startControlPlane(stack, shutdown);
        shutdown.controlPlane = controlPlane;
        auditEndpoint = controlPlane.auditQueryEndpoint();
        releaseEndpoint = Optional.of(controlPlane.releaseTarget());
        out.printf(
            Locale.ROOT,
            "[fleetloop] control plane ready in %.1fs%n",
            (System.nanoTime() - t0) / 1e9);
      }
      applyExamples(stack.kubeApi().client());
      if (shutdown.training != null) {
        Set<String> granted = shutdown.training.grantObjectStore(stack.kubeApi().client());
        if (!granted.isEmpty()) {
          out.println(
              "[fleetloop] object-store credentials for trainer pods (Secret "
                  + TrainingSettings.DEFAULT_S3_SECRET
                  + ") in namespace(s) "
                  + granted);
        }
      }
      if (fleetSize > 0) {
        shutdown.fleet = startFleet(stack, shutdown.controlPlane);
      }
      if (shutdown.training != null) {
        publishBaseModels(stack.kubeApi().client(), shutdown.training, shutdown.fleet);
      }
    } catch (ComponentStartException e) {
      System.err.println("fleetloop up: " + e.getMessage());
      shutdown.run();
      return 1;
    } catch (RuntimeException | Error e) {
      System.err.println("fleetloop up: starting failed: " + e);
      e.printStackTrace();
      shutdown.run();
      return 1;
    }
    printSummary(stack, shutdown.fleet);
    if (stopWhenReady) {
      shutdown.run();
      return 0;
    }
    out.println("[fleetloop] running; Ctrl-C or `./fleetloop down` stops everything");
    new CountDownLatch(1).await(); // until the JVM shuts down
    return 0;
  }

  /**
   * The simulated fleet, once the operator has compiled the example DataTriggers; needs S3, Pulsar
   * and the operator. Returns null (and says why) when something it needs is not running.
   */
  LocalFleet startFleet(LocalStack stack, AutoCloseable controlPlane) {
    if (!stack.isRunning(ComponentKind.S3)
        || !stack.isRunning(ComponentKind.PULSAR)
        || !(controlPlane instanceof ControlPlane plane)) {
      out.println("[fleetloop] no simulated fleet: it needs S3, Pulsar and the operator");
      return null;
    }
    var client = stack.kubeApi().client();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (LocalFleet.compiledTriggers(client).isEmpty()) {
      if (System.nanoTime() > deadline) {
        out.println("[fleetloop] no simulated fleet: no DataTrigger compiled within 60 s");
        return null;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    try {
      return LocalFleet.start(
          stack,
          client,
          fleetSize,
          ingestPort,
          plane.auditAppendTarget(),
          new LocalFleet.ReleaseTarget(plane.releaseTarget(), plane.releaseDevices()),
          seed,
          baseVersions(client),
          out);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the simulated fleet: " + e.getMessage(), e);
    }
  }

  /**
   * The control plane: the audit log (when PostgreSQL runs), the curator and the node agent (when
   * S3 and Pulsar run) and the operator recording into the audit log and cutting datasets at the
   * curator, after the API server is ready and before the examples are applied.
   */
  ControlPlane startControlPlane(LocalStack stack, Shutdown shutdown) {
    Optional<PostgresComponent> postgres =
        stack.isRunning(ComponentKind.POSTGRES) ? Optional.of(stack.postgres()) : Optional.empty();
    return ControlPlane.start(
        stack.kubeApi().newClient(),
        postgres,
        auditPort,
        audit -> {
          if (!stack.isRunning(ComponentKind.S3) || !stack.isRunning(ComponentKind.PULSAR)) {
            out.println(
                "[fleetloop] no curator and no node agent: they need S3 and Pulsar; TrainingRuns"
                    + " wait for a curator");
            return TrainingSettings.defaults();
          }
          KubernetesClient agentClient = stack.kubeApi().newClient();
          try {
            shutdown.agentClient = agentClient;
            shutdown.training = TrainingLoop.start(stack, agentClient, audit, out);
          } catch (Exception e) {
            throw new ComponentStartException(
                "cannot start the curator and the node agent: " + e.getMessage(), e);
          }
          curatorEndpoint = Optional.of(shutdown.training.curatorEndpoint());
          return shutdown.training.settings();
        });
  }

  /**
   * Publishes the policy the simulated fleet drives (generation 0) as the base model version every
   * TrainingRun names ({@code spec.model.baseVersion}), so that their first phase can warm-start
   * from it ({@code s3://<bucket>/models/<version>/model.flm}).
   */
  private void publishBaseModels(KubernetesClient client, TrainingLoop training, LocalFleet fleet) {
    if (fleet == null) {
      return;
    }
    for (String version : baseVersions(client)) {
      try {
        String at = training.publishModel(fleet.policy(), version);
        out.println(
            "[fleetloop] the fleet's generation-0 policy is base model version "
                + version
                + " at "
                + at);
      } catch (Exception e) {
        out.println(
            "[fleetloop] cannot publish base model version "
                + version
                + " (TrainingRuns warm-starting from it will fail): "
                + e.getMessage());
      }
    }
  }

  /**
   * The model versions the simulated fleet starts with, all the generation-0 policy: the base
   * versions TrainingRuns warm-start from and the stable versions of the FleetReleases (the
   * vehicles' factory image; every other version is downloaded when the release channel assigns
   * it).
   */
  static Set<String> baseVersions(KubernetesClient client) {
    Set<String> versions = new java.util.TreeSet<>();
    for (TrainingRun r : client.resources(TrainingRun.class).inAnyNamespace().list().getItems()) {
      if (r.getSpec().getModel() != null && r.getSpec().getModel().getBaseVersion() != null) {
        versions.add(r.getSpec().getModel().getBaseVersion());
      }
    }
    for (FleetRelease r : client.resources(FleetRelease.class).inAnyNamespace().list().getItems()) {
      if (r.getStatus() != null && r.getStatus().getStableVersion() != null) {
        versions.add(r.getStatus().getStableVersion());
      } else if (r.getSpec().getModel() != null && r.getSpec().getModel().getVersion() != null) {
        versions.add(r.getSpec().getModel().getVersion());
      }
    }
    return versions;
  }

  private Set<ComponentKind> components() {
    Set<ComponentKind> kinds = EnumSet.allOf(ComponentKind.class);
    if (noPulsar) {
      kinds.remove(ComponentKind.PULSAR);
    }
    if (noS3) {
      kinds.remove(ComponentKind.S3);
    }
    if (noPostgres) {
      kinds.remove(ComponentKind.POSTGRES);
    }
    return kinds;
  }

  /** Applies every YAML/JSON file under the examples directory (create, or update if present). */
  private void applyExamples(KubernetesClient client) throws IOException {
    Path dir = examples != null ? examples : Main.home().resolve("manifests").resolve("examples");
    if (!Files.isDirectory(dir)) {
      out.println("[fleetloop] no examples at " + dir);
      return;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(
                  p -> {
                    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                    if (name.startsWith("kustomization.")) {
                      return false; // kustomize's own file, not a resource
                    }
                    return name.endsWith(".yaml")
                        || name.endsWith(".yml")
                        || name.endsWith(".json");
                  })
              .sorted()
              .toList();
    }
    List<String> applied = new ArrayList<>();
    for (Path file : files) {
      List<HasMetadata> items;
      try (InputStream in = Files.newInputStream(file)) {
        items = client.load(in).items();
      } catch (RuntimeException e) {
        throw new ComponentStartException("cannot read " + file + ": " + e.getMessage(), e);
      }
      for (HasMetadata item : items) {
        try {
          client.resource(item).createOr(NonDeletingOperation::update);
          applied.add(item.getKind() + "/" + item.getMetadata().getName());
        } catch (RuntimeException e) {
          throw new ComponentStartException(
              "cannot apply "
                  + item.getKind()
                  + "/"
                  + item.getMetadata().getName()
                  + " from "
                  + file
                  + ": "
                  + e.getMessage(),
              e);
        }
      }
    }
    out.println(
        "[fleetloop] applied "
            + applied.size()
            + " resource(s) from "
            + files.size()
            + " file(s) in "
            + dir
            + (applied.isEmpty() ? "" : ": " + String.join(", ", applied)));
  }

  private void printSummary(LocalStack stack, LocalFleet fleet) {
    out.println();
    out.print(stack.report().format());
    out.println();
    stack
        .state()
        .components()
        .forEach(
            (id, component) -> {
              out.println("  " + id + ":");
              for (Map.Entry<String, String> e : component.endpoints().entrySet()) {
                out.printf("    %-14s %s%n", e.getKey(), e.getValue());
              }
            });
    out.println();
    out.println("  data, logs, state: " + stack.dataDir());
    if (stack.isRunning(ComponentKind.KUBE_API)) {
      out.println();
      out.println("  export KUBECONFIG=" + stack.kubeApi().kubeconfig());
      out.println(
          "  kubectl get fleetloop -A     # the in-memory API server: apply with --validate=false");
    }
    auditEndpoint.ifPresent(
        endpoint ->
            out.println(
                "  ./fleetloop audit timeline --endpoint "
                    + endpoint
                    + " <kind>/<namespace>/<name>   # every condition transition, hash-chained"));
    curatorEndpoint.ifPresent(
        endpoint ->
            out.println(
                "  curator: "
                    + endpoint
                    + "   # labels ingested clips, cuts the dataset snapshots TrainingRuns bind"));
    if (curatorEndpoint.isPresent()) {
      out.println(
          "  kubectl get trainingruns -A   # WaitingForSamples, then phases run as Jobs by the"
              + " node agent (LOCAL STACK ONLY)");
    }
    releaseEndpoint.ifPresent(
        endpoint ->
            out.println(
                "  release channel: "
                    + endpoint
                    + "   # devices pull their DataTriggers here and report counters + exposure"));
    if (fleet != null) {
      out.println(
          "  ingest: 127.0.0.1:"
              + fleet.ingestPort()
              + "   # the simulated fleet uploads its clips here (S3 bucket "
              + LocalFleet.BUCKET
              + ")");
      out.println(
          "  kubectl get dtr -A            # firings and uploads fill in as devices report");
    }
    out.println();
  }

  /** Stops the control plane, then the stack; runs once, from the shutdown hook or directly. */
  private static final class Shutdown {
    private final LocalStack stack;
    volatile AutoCloseable controlPlane;
    volatile LocalFleet fleet;
    volatile TrainingLoop training;
    volatile KubernetesClient agentClient;
    private boolean done;

    Shutdown(LocalStack stack) {
      this.stack = stack;
    }

    synchronized void run() {
      if (done) {
        return;
      }
      done = true;
      System.out.println("[fleetloop] stopping");
      if (fleet != null) {
        try {
          fleet.close();
        } catch (RuntimeException e) {
          System.err.println("[fleetloop] stopping the simulated fleet failed: " + e);
        }
      }
      if (controlPlane != null) {
        try {
          controlPlane.close();
        } catch (Exception e) {
          System.err.println("[fleetloop] stopping the control plane failed: " + e);
        }
      }
      if (training != null) {
        try {
          training.close();
        } catch (RuntimeException e) {
          System.err.println("[fleetloop] stopping the curator and the node agent failed: " + e);
        }
      }
      if (agentClient != null) {
        agentClient.close();
      }
      stack.close();
    }
  }
}
