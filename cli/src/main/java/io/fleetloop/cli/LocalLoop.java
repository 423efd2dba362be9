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
import io.fleetloop.release.client.ReleaseChannelClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole closed loop of {@code fleetloop up}, in this JVM, as one object: the local stack (an
 * in-memory Kubernetes API server, PostgreSQL, an S3 server, Pulsar), the control plane (audit log,
 * release channel, operator with the loop controller), the training half (curator, node agent
 * running trainer and validator Jobs as processes), a simulated fleet uploading through a real
 * ingest service, and the resources of {@link Options#resources()} (default {@code
 * manifests/demo/}) applied through the API server. Then it follows every FleetRelease generation
 * after generation ({@link #report()}), prints one block per promotion or rollback to {@link
 * Options#out()} and writes {@code <dataDir>/loop/generations.csv}, {@code rollouts.csv} and {@code
 * loop.json}.
 *
 * <p>For tests (e2e) that want "the same as {@code fleetloop up}" in-process:
 *
 * <pre>{@code
 * try (LocalLoop loop = new LocalLoop(LocalLoop.Options.defaults(tempDir)
 *     .withAuditPort(0).withIngestPort(0).withPoisonGeneration(2))) {
 *   loop.start();                               // blocks until everything runs (~1 min)
 *   KubernetesClient kube = loop.client();      // the API server, as kubectl sees it
 *   await().until(() -> loop.report().generations().size() > 1);
 *   String audit = loop.auditQueryEndpoint().orElseThrow();   // fleetloop audit --endpoint
 * }
 * }</pre>
 *
 * <p>{@link #start()} may be called once; {@link #close()} stops everything that started, in
 * reverse order (fleet, control plane, curator and node agent, stack), may be called at any time
 * (also while {@code start()} runs, e.g. from a shutdown hook) and more than once. Only one
 * LocalLoop per JVM: the stack's components and the operator's settings (system properties) are per
 * process. <strong>LOCAL ONLY</strong>: on a real cluster the operator, services and fleet run
 * elsewhere; the same resources and poison switch work through the API server there.
 */
public final class LocalLoop implements AutoCloseable {

  /** How often the loop's follower (and the poison switch) looks at the releases. */
  static final Duration FOLLOW_EVERY = Duration.ofSeconds(2);

  /**
   * What to start and how.
   *
   * @param dataDir data, logs, kubeconfig, state file and the loop report ({@code loop/})
   * @param fleetSize simulated vehicles (0: no fleet)
   * @param seed seed of the reference world and the generation-0 policy
   * @param timeLapse simulated seconds per wall-clock second (e.g. 60: a minute per second)
   * @param resources the directory applied once the control plane runs; empty: {@code
   *     <checkout>/manifests/demo}
   * @param poisonGeneration the loop generation to poison ({@link PoisonSwitch}); 0: none
   * @param out where progress and the per-generation blocks go
   * @param components the stack's components
   * @param kubePort the API server's port (0: a free one)
   * @param auditPort the audit log's query port, the append port is the next (0: free ports)
   * @param ingestPort ingest's port (0: a free one)
   * @param parallel start the components in parallel
   * @param operator start the control plane (operator, audit log, release channel, curator, node
   *     agent); without it only the stack runs and the resources are applied
   */
  public record Options(
      Path dataDir,
      int fleetSize,
      long seed,
      int timeLapse,
      Optional<Path> resources,
      int poisonGeneration,
      PrintStream out,
      Set<ComponentKind> components,
      int kubePort,
      int auditPort,
      int ingestPort,
      boolean parallel,
      boolean operator) {

    /** The default time-lapse: an hour of driving per wall-clock minute. */
    public static final int DEFAULT_TIME_LAPSE = 60;

    public Options {
      Objects.requireNonNull(dataDir, "dataDir");
      Objects.requireNonNull(resources, "resources");
      Objects.requireNonNull(out, "out");
      components = Set.copyOf(components);
      if (fleetSize < 0) {
        throw new IllegalArgumentException("the fleet size must be 0 or more, not " + fleetSize);
      }
      if (timeLapse < 1 || timeLapse > 1000) {
        throw new IllegalArgumentException(
            "the time-lapse must be between 1 (real time) and 1000, not " + timeLapse);
      }
      if (poisonGeneration < 0) {
        throw new IllegalArgumentException(
            "the poisoned generation must be 1 or more (0: none), not " + poisonGeneration);
      }
    }

    /**
     * What {@code fleetloop up} does without options: 100 vehicles, seed 1, {@value
     * #DEFAULT_TIME_LAPSE}x, manifests/demo, no poison, every component, the fixed ports of {@code
     * up} (audit 7443, ingest 7445) and a free API server port.
     */
    public static Options defaults(Path dataDir) {
      return new Options(
          dataDir.toAbsolutePath().normalize(),
          100,
          1,
          DEFAULT_TIME_LAPSE,
          Optional.empty(),
          0,
          System.out,
          EnumSet.allOf(ComponentKind.class),
          0,
          7443,
          7445,
          true,
          true);
    }

    public Options withFleetSize(int n) {
      return with(b -> b.fleetSize = n);
    }

    public Options withSeed(long s) {
      return with(b -> b.seed = s);
    }

    public Options withTimeLapse(int n) {
      return with(b -> b.timeLapse = n);
    }

    public Options withResources(Path dir) {
      return with(b -> b.resources = Optional.of(dir));
    }

    public Options withPoisonGeneration(int g) {
      return with(b -> b.poisonGeneration = g);
    }

    public Options withOut(PrintStream stream) {
      return with(b -> b.out = stream);
    }

    public Options withComponents(Set<ComponentKind> kinds) {
      return with(b -> b.components = kinds);
    }

    public Options withKubePort(int port) {
      return with(b -> b.kubePort = port);
    }

    public Options withAuditPort(int port) {
      return with(b -> b.auditPort = port);
    }

    public Options withIngestPort(int port) {
      return with(b -> b.ingestPort = port);
    }

    public Options withParallel(boolean p) {
      return with(b -> b.parallel = p);
    }

    public Options withOperator(boolean o) {
      return with(b -> b.operator = o);
    }

    /** A copy of these options with {@code change} applied (the with-methods above). */
    private Options with(java.util.function.Consumer<Copy> change) {
      Copy b = new Copy(this);
      change.accept(b);
      return new Options(
          b.dataDir,
          b.fleetSize,
          b.seed,
          b.timeLapse,
          b.resources,
          b.poisonGeneration,
          b.out,
          b.components,
          b.kubePort,
          b.auditPort,
          b.ingestPort,
          b.parallel,
          b.operator);
    }

    /** The mutable copy a with-method changes. */
    private static final class Copy {
      Path dataDir;
      int fleetSize;
      long seed;
      int timeLapse;
      Optional<Path> resources;
      int poisonGeneration;
      PrintStream out;
      Set<ComponentKind> components;
      int kubePort;
      int auditPort;
      int ingestPort;
      boolean parallel;
      boolean operator;

      Copy(Options o) {
        dataDir = o.dataDir;
        fleetSize = o.fleetSize;
        seed = o.seed;
        timeLapse = o.timeLapse;
        resources = o.resources;
        poisonGeneration = o.poisonGeneration;
        out = o.out;
        components = o.components;
        kubePort = o.kubePort;
        auditPort = o.auditPort;
        ingestPort = o.ingestPort;
        parallel = o.parallel;
        operator = o.operator;
      }
    }

    /** The directory applied: {@link #resources()} or {@code <checkout>/manifests/demo}. */
    public Path resourcesDir() {
      return resources.orElseGet(() -> Main.home().resolve("manifests").resolve("demo"));
    }
  }

  private final Options options;
  private final PrintStream out;
  private final PoisonSwitch poison;
  private volatile LocalStack stack;
  private volatile ControlPlane controlPlane;
  private volatile TrainingLoop training;
  private volatile KubernetesClient agentClient;
  private volatile LocalFleet fleet;
  private volatile ReleaseChannelClient statsClient;
  private volatile GenerationTracker tracker;
  private volatile ScheduledExecutorService follower;
  private volatile Optional<String> curatorEndpoint = Optional.empty();
  private boolean started;
  private boolean closed;

  /** A loop that {@link #start()} starts. */
  public LocalLoop(Options options) {
    this.options = Objects.requireNonNull(options, "options");
    this.out = options.out();
    this.poison = new PoisonSwitch(options.poisonGeneration(), out);
  }

  /** The options it runs with. */
  public Options options() {
    return options;
  }

  /**
   * Starts everything and returns once the fleet drives and the loop is followed (about a minute).
   * On failure everything started so far is stopped again.
   *
   * @throws ComponentStartException when a component or a resource cannot start or apply (the
   *     message says which and why)
   * @throws IllegalStateException when called twice or after {@link #close()}
   */
  public void start() throws Exception {
    synchronized (this) {
      if (started || closed) {
        throw new IllegalStateException("a LocalLoop starts once");
      }
      started = true;
    }
    try {
      startAll();
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  private void startAll() throws Exception {
    LocalStackOptions stackOptions =
        LocalStackOptions.local(options.dataDir())
            .withComponents(options.components())
            .withKubeApiPort(options.kubePort())
            .withParallel(options.parallel());
    stack = LocalStack.open(stackOptions);
    stack.ensureStarted(stackOptions.components());
    if (closed) {
      return;
    }
    if (options.operator() && stack.isRunning(ComponentKind.KUBE_API)) {
      out.println("[fleetloop] starting the control plane");
      long t0 = System.nanoTime();
      controlPlane = startControlPlane();
      out.printf(
          Locale.ROOT,
          "[fleetloop] control plane ready in %.1fs%n",
          (System.nanoTime() - t0) / 1e9);
    }
    if (!stack.isRunning(ComponentKind.KUBE_API)) {
      return;
    }
    KubernetesClient client = stack.kubeApi().client();
    applyResources(client, options.resourcesDir());
    if (training != null) {
      // every namespace with a TrainingRun, and those of releases whose loop will create some
      Set<String> granted =
          training.grantObjectStore(
              client,
              client.resources(FleetRelease.class).inAnyNamespace().list().getItems().stream()
                  .filter(r -> r.getSpec().getLoop() != null)
                  .map(r -> r.getMetadata().getNamespace())
                  .distinct()
                  .toArray(String[]::new));
      if (!granted.isEmpty()) {
        out.println(
            "[fleetloop] object-store credentials for trainer pods (Secret "
                + TrainingSettings.DEFAULT_S3_SECRET
                + ") in namespace(s) "
                + granted);
      }
    }
    if (options.fleetSize() > 0 && !closed) {
      fleet = startFleet(client);
    }
    if (training != null && fleet != null) {
      publishBaseModels(client);
    }
    if (controlPlane != null && !closed) {
      follow(client);
    }
  }

  /** The API server's client (as kubectl sees the cluster); after {@link #start()}. */
  public KubernetesClient client() {
    LocalStack s = stack;
    if (s == null || !s.isRunning(ComponentKind.KUBE_API)) {
      throw new IllegalStateException("the API server is not running");
    }
    return s.kubeApi().client();
  }

  /** The kubeconfig file of the API server. */
  public Path kubeconfig() {
    return stack.kubeApi().kubeconfig();
  }

  /** The audit log's query endpoint ({@code fleetloop audit --endpoint}), if it runs. */
  public Optional<String> auditQueryEndpoint() {
    ControlPlane plane = controlPlane;
    return plane == null ? Optional.empty() : plane.auditQueryEndpoint();
  }

  /** The release channel's {@code host:port}, if it runs. */
  public Optional<String> releaseEndpoint() {
    ControlPlane plane = controlPlane;
    return plane == null ? Optional.empty() : Optional.of(plane.releaseTarget());
  }

  /** The curator's {@code host:port}, if it runs. */
  public Optional<String> curatorEndpoint() {
    return curatorEndpoint;
  }

  /** The ingest port the fleet uploads to, if the fleet runs. */
  public Optional<Integer> ingestPort() {
    LocalFleet f = fleet;
    return f == null ? Optional.empty() : Optional.of(f.ingestPort());
  }

  /** The local stack (its components, endpoints and data directory). */
  public LocalStack stack() {
    return stack;
  }

  /** What the loop measured so far, generation after generation; empty before it runs. */
  public LoopReport report() {
    GenerationTracker t = tracker;
    return t == null ? LoopReport.EMPTY : t.report();
  }

  /** Where {@code generations.csv}, {@code rollouts.csv} and {@code loop.json} are written. */
  public Path reportDir() {
    return options.dataDir().resolve("loop");
  }

  /** What the simulated vehicles run now, e.g. {@code model-y-na-g1 on 100}; empty: no fleet. */
  public Optional<String> modelsInUse() {
    LocalFleet f = fleet;
    return f == null ? Optional.empty() : Optional.of(f.modelsInUse());
  }

  private ControlPlane startControlPlane() {
    Optional<PostgresComponent> postgres =
        stack.isRunning(ComponentKind.POSTGRES) ? Optional.of(stack.postgres()) : Optional.empty();
    return ControlPlane.start(
        stack.kubeApi().newClient(),
        postgres,
        options.auditPort(),
        audit -> {
          if (!stack.isRunning(ComponentKind.S3) || !stack.isRunning(ComponentKind.PULSAR)) {
            out.println(
                "[fleetloop] no curator and no node agent: they need S3 and Pulsar; TrainingRuns"
                    + " wait for a curator");
            return TrainingSettings.defaults();
          }
          agentClient = stack.kubeApi().newClient();
          try {
            training = TrainingLoop.start(stack, agentClient, audit, out);
          } catch (Exception e) {
            throw new ComponentStartException(
                "cannot start the curator and the node agent: " + e.getMessage(), e);
          }
          curatorEndpoint = Optional.of(training.curatorEndpoint());
          return training.settings();
        });
  }

  /**
   * The simulated fleet, once the operator has compiled the DataTriggers; needs S3, Pulsar and the
   * operator. Null (and says why) when something it needs is not running.
   */
  private LocalFleet startFleet(KubernetesClient client) throws InterruptedException {
    if (!stack.isRunning(ComponentKind.S3)
        || !stack.isRunning(ComponentKind.PULSAR)
        || controlPlane == null) {
      out.println("[fleetloop] no simulated fleet: it needs S3, Pulsar and the operator");
      return null;
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (LocalFleet.compiledTriggers(client).isEmpty()) {
      if (System.nanoTime() > deadline) {
        out.println("[fleetloop] no simulated fleet: no DataTrigger compiled within 60 s");
        return null;
      }
      Thread.sleep(250);
    }
    try {
      return LocalFleet.start(
          stack,
          client,
          options.fleetSize(),
          options.ingestPort(),
          controlPlane.auditAppendTarget(),
          new LocalFleet.ReleaseTarget(controlPlane.releaseTarget(), controlPlane.releaseDevices()),
          options.seed(),
          options.timeLapse(),
          baseVersions(client),
          out);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the simulated fleet: " + e.getMessage(), e);
    }
  }

  /**
   * Publishes the policy the fleet drives (generation 0) as every base model version the
   * TrainingRuns and FleetReleases name, where warm-starting runs look for it ({@code
   * s3://<bucket>/models/<version>/model.flm}).
   */
  private void publishBaseModels(KubernetesClient client) {
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

  /** Starts following the releases (and the poison switch) every {@link #FOLLOW_EVERY}. */
  private void follow(KubernetesClient client) {
    statsClient =
        ReleaseChannelClient.forService(
            controlPlane.releaseTarget(), controlPlane.serviceToken(), Duration.ofSeconds(5));
    tracker =
        new GenerationTracker(
            client,
            Optional.of(statsClient),
            out,
            reportDir(),
            PoisonedTemplates.producedByPoisonedRun(client).or(poison::poisoned),
            Clock.systemUTC());
    if (poison.enabled()) {
      out.println(
          "[fleetloop] poison switch on: the loop's generation "
              + options.poisonGeneration()
              + " will be trained on poisoned labels (braking relabelled as cruising) with"
              + " loosened gates, to show the rollout rolling it back");
    }
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "local-loop-follower");
              t.setDaemon(true);
              return t;
            });
    follower = executor;
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            poison.poll(client);
            tracker.poll();
          } catch (RuntimeException | LinkageError | AssertionError e) {
            // an exception must not end the periodic task: print it and look again
            out.println("[loop] following the releases failed (retrying): " + e);
            e.printStackTrace(out);
          }
        },
        0,
        FOLLOW_EVERY.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Applies every YAML/JSON file under {@code dir} (create, or update if present). */
  private void applyResources(KubernetesClient client, Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      out.println("[fleetloop] no resources at " + dir);
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

  /** Prints the endpoints, the kubeconfig and what to type next. */
  public void printSummary() {
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
    auditQueryEndpoint()
        .ifPresent(
            endpoint ->
                out.println(
                    "  ./fleetloop audit timeline --endpoint "
                        + endpoint
                        + " <kind>/<namespace>/<name>   # every condition transition,"
                        + " hash-chained"));
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
    releaseEndpoint()
        .ifPresent(
            endpoint ->
                out.println(
                    "  release channel: "
                        + endpoint
                        + "   # devices pull their DataTriggers here and report counters +"
                        + " exposure"));
    LocalFleet f = fleet;
    if (f != null) {
      out.println(
          "  ingest: 127.0.0.1:"
              + f.ingestPort()
              + "   # the simulated fleet uploads its clips here (S3 bucket "
              + LocalFleet.BUCKET
              + ")");
      out.println(
          "  kubectl get dtr -A            # firings and uploads fill in as devices report");
    }
    if (tracker != null) {
      out.println(
          "  loop report: "
              + reportDir()
              + "/{generations.csv,rollouts.csv,loop.json}   # rewritten at every promotion and"
              + " rollback");
    }
    out.println();
  }

  /** Stops everything that started, in reverse order; idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    out.println("[fleetloop] stopping");
    ScheduledExecutorService f = follower;
    if (f != null) {
      f.shutdownNow();
      try {
        f.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    GenerationTracker t = tracker;
    if (t != null) {
      try {
        t.flush();
      } catch (RuntimeException e) {
        System.err.println("[fleetloop] writing the loop report failed: " + e);
      }
    }
    if (statsClient != null) {
      statsClient.close();
    }
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
      } catch (RuntimeException e) {
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
    if (stack != null) {
      stack.close();
    }
  }
}
