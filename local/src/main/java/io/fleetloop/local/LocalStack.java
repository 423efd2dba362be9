package io.fleetloop.local;

import io.fleetloop.local.process.ProcessRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The real components on loopback, composed: the in-memory Kubernetes API server, PostgreSQL, an S3
 * server and Pulsar.
 *
 * <p><b>Tests</b> use {@link #shared(ComponentKind...)}: each requested component is started at
 * most once per JVM (lazily, on first request), shared by every test class, and stopped by a JVM
 * shutdown hook. Data lives under {@code target/local-stack/<run>/} (or the temp directory), is
 * ephemeral, and runs whose JVM died are cleaned up by the next one.
 *
 * <pre>{@code
 * LocalStack stack = LocalStack.shared(ComponentKind.KUBE_API, ComponentKind.PULSAR);
 * KubernetesClient kube = stack.kubeApi().client();
 * String ns = stack.kubeApi().createUniqueNamespace(getClass().getSimpleName());
 * PulsarClient pulsar = PulsarClient.builder().serviceUrl(stack.pulsar().serviceUrl()).build();
 * }</pre>
 *
 * <p><b>The launcher</b> ({@code fleetloop up}) uses {@link #open(LocalStackOptions)}, installs its
 * shutdown hook, then {@link #ensureStarted} (or all at once: {@link #start}), with persistent data
 * under {@code <repo>/.fleetloop/}, and closes the stack itself.
 *
 * <p>Either way the stack records its pids and endpoints in {@code <dataDir>/state.json}; child
 * JVMs end themselves when this JVM dies, and the PostgreSQL postmaster (a daemon) is stopped by
 * {@link StackControl} from the state file.
 */
public final class LocalStack implements AutoCloseable {

  /** System property: where test runs keep their data (default {@code target/local-stack}). */
  public static final String RUNS_DIR_PROPERTY = "fleetloop.local.runs";

  private static final Object SHARED_LOCK = new Object();
  private static LocalStack shared;

  private final LocalStackOptions options;

  /** Every component created, ready or still starting: what {@link #close()} stops. */
  private final Map<ComponentKind, Component> launched = new EnumMap<>(ComponentKind.class);

  private final Map<ComponentKind, Component> running = new EnumMap<>(ComponentKind.class);
  private final Map<ComponentKind, StartupReport.Entry> entries =
      new EnumMap<>(ComponentKind.class);
  private final Object startLock = new Object();
  private StackState state;

  /** Wall time spent starting components, over all {@link #ensureStarted} calls. */
  private double startSeconds;

  private boolean closed;

  private LocalStack(LocalStackOptions options) {
    this.options = options;
    this.state =
        new StackState(
            ProcessRef.current("launcher"),
            options.persistent() ? "local" : "test",
            options.dataDir().toString(),
            null,
            Instant.now().toString(),
            new LinkedHashMap<>());
    state.write(options.dataDir());
  }

  // ------------------------------------------------------------------ entry points

  /**
   * A stack for the launcher with nothing started yet, so the caller can install its shutdown hook
   * before starting anything ({@link #ensureStarted}); the caller closes it. Leftovers of a
   * previous launcher that was killed are stopped first.
   *
   * @throws ComponentStartException if another live launcher owns the data directory
   */
  public static LocalStack open(LocalStackOptions options) {
    Path dataDir = options.dataDir();
    StackState.read(dataDir)
        .ifPresent(
            previous -> {
              if (previous.launcherAlive()
                  && previous.launcher().pid() != ProcessHandle.current().pid()) {
                throw new ComponentStartException(
                    "a local stack is already running from "
                        + dataDir
                        + " (launcher pid "
                        + previous.launcher().pid()
                        + "); stop it with `fleetloop down`");
              }
              options.progress().accept("cleaning up after a previous run that did not stop");
              StackControl.stop(dataDir, Duration.ofSeconds(1), options.progress());
            });
    return new LocalStack(options);
  }

  /**
   * Opens a stack with {@link #open} and starts {@code options.components()}; if a component fails,
   * everything started is stopped again.
   *
   * @throws ComponentStartException if another live launcher owns the data directory or a component
   *     fails
   */
  public static LocalStack start(LocalStackOptions options) {
    LocalStack stack = open(options);
    try {
      stack.ensureStarted(options.components());
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
    return stack;
  }

  /** The JVM-wide stack for integration tests, with at least {@code kinds} running. */
  public static LocalStack shared(ComponentKind... kinds) {
    return shared(
        kinds.length == 0
            ? EnumSet.noneOf(ComponentKind.class)
            : EnumSet.copyOf(Arrays.asList(kinds)));
  }

  /** The JVM-wide stack for integration tests, with at least {@code kinds} running. */
  public static LocalStack shared(Set<ComponentKind> kinds) {
    synchronized (SHARED_LOCK) {
      if (shared == null) {
        Path runs = testRunsDir();
        Path dir = runs.resolve(ProcessHandle.current().pid() + "-" + System.currentTimeMillis());
        LocalStackOptions options = LocalStackOptions.forTests(dir);
        StackControl.reapDeadRuns(runs, dir, options.progress());
        shared = new LocalStack(options);
        Runtime.getRuntime()
            .addShutdownHook(new Thread(shared::close, "fleetloop-local-stack-shutdown"));
      }
      shared.ensureStarted(kinds);
      return shared;
    }
  }

  private static Path testRunsDir() {
    String configured = System.getProperty(RUNS_DIR_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path target = Path.of(System.getProperty("user.dir"), "target");
    return Files.isDirectory(target)
        ? target.resolve("local-stack")
        : Path.of(System.getProperty("java.io.tmpdir"), "fleetloop-local");
  }

  // ------------------------------------------------------------------ starting

  /**
   * Starts those of {@code kinds} that are not running yet (concurrently unless the options say
   * otherwise) and waits until they are ready.
   *
   * @throws ComponentStartException naming the component, with the tail of its log
   */
  public void ensureStarted(Set<ComponentKind> kinds) {
    synchronized (startLock) {
      startMissing(kinds);
    }
  }

  private void startMissing(Set<ComponentKind> kinds) {
    List<Component> toStart = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the local stack is closed");
      }
      for (ComponentKind kind :
          EnumSet.copyOf(kinds.isEmpty() ? EnumSet.noneOf(ComponentKind.class) : kinds)) {
        if (!launched.containsKey(kind)) {
          Component component = create(kind);
          launched.put(kind, component);
          toStart.add(component);
        }
      }
    }
    if (toStart.isEmpty()) {
      return;
    }
    long t0 = System.nanoTime();
    List<RuntimeException> failures = new ArrayList<>();
    if (options.parallel()) {
      List<CompletableFuture<Void>> futures =
          toStart.stream()
              .map(c -> CompletableFuture.runAsync(() -> startOne(c), daemonExecutor("start", c)))
              .toList();
      for (CompletableFuture<Void> f : futures) {
        try {
          f.join();
        } catch (CompletionException e) {
          failures.add(
              e.getCause() instanceof RuntimeException r
                  ? r
                  : new ComponentStartException(e.getMessage(), e));
        }
      }
    } else {
      for (Component c : toStart) {
        try {
          startOne(c);
        } catch (RuntimeException e) {
          failures.add(e);
          break;
        }
      }
    }
    synchronized (this) {
      startSeconds += (System.nanoTime() - t0) / 1e9;
    }
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }

  private static java.util.concurrent.Executor daemonExecutor(String action, Component c) {
    return task -> {
      Thread t = new Thread(task, "fleetloop-" + action + "-" + c.kind().id());
      t.setDaemon(true);
      t.start();
    };
  }

  private Component create(ComponentKind kind) {
    Path dir = options.componentDir(kind);
    return switch (kind) {
      case KUBE_API ->
          new KubeApiComponent(options.kubeconfig(), options.kubeApiPort(), options.extraCrds());
      case POSTGRES -> new PostgresComponent(dir, options.persistent());
      case S3 -> new S3Component(dir, options.persistent());
      case PULSAR -> new PulsarComponent(dir, options.persistent());
    };
  }

  private void startOne(Component c) {
    ComponentKind kind = c.kind();
    String logHint = c.logFile().map(p -> " (log: " + p + ")").orElse("");
    options.progress().accept("starting " + kind + logHint);
    long t0 = System.nanoTime();
    try {
      c.start();
      record(c, "starting", null, null);
      c.awaitReady(options.startTimeout());
    } catch (IOException | RuntimeException e) {
      record(c, "failed", null, null);
      c.stop();
      synchronized (this) {
        launched.remove(kind); // a later request may try again
      }
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      if (!message.contains("--- last")) {
        message += "\n" + c.diagnostics();
      }
      throw new ComponentStartException(kind + " failed to start" + logHint + ": " + message, e);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    OptionalLong rss = rss(c.processes());
    StartupReport.Entry entry =
        new StartupReport.Entry(kind, seconds, rss, c.processes(), c.endpoint());
    synchronized (this) {
      running.put(kind, c);
      entries.put(kind, entry);
    }
    record(c, "ready", seconds, rss.isPresent() ? rss.getAsLong() : null);
    options
        .progress()
        .accept(
            String.format(
                java.util.Locale.ROOT,
                "%s ready in %.1fs%s: %s",
                kind,
                seconds,
                c.processes().isEmpty()
                    ? ""
                    : " (pid "
                        + c.processes().get(0).pid()
                        + ", RSS "
                        + StartupReport.mib(rss)
                        + ")",
                entry.endpoint()));
  }

  private static OptionalLong rss(List<ProcessRef> processes) {
    if (processes.isEmpty()) {
      return OptionalLong.empty();
    }
    long total = 0;
    for (ProcessRef p : processes) {
      total += p.treeRssBytes().orElse(0);
    }
    return OptionalLong.of(total);
  }

  private synchronized void record(Component c, String status, Double seconds, Long rss) {
    Map<String, String> endpoints;
    try {
      endpoints = "failed".equals(status) ? Map.of() : c.endpoints();
    } catch (RuntimeException e) {
      endpoints = Map.of();
    }
    state =
        state.with(
            c.kind(),
            new StackState.ComponentState(
                status,
                c.processes(),
                endpoints,
                seconds,
                rss,
                c.logFile().map(Path::toString).orElse(null)));
    if (c.kind() == ComponentKind.KUBE_API && !"failed".equals(status)) {
      state = state.withKubeconfig(options.kubeconfig().toString());
    }
    if (!closed) {
      state.write(options.dataDir());
    }
  }

  // ------------------------------------------------------------------ access

  public KubeApiComponent kubeApi() {
    return get(ComponentKind.KUBE_API, KubeApiComponent.class);
  }

  public PulsarComponent pulsar() {
    return get(ComponentKind.PULSAR, PulsarComponent.class);
  }

  public S3Component s3() {
    return get(ComponentKind.S3, S3Component.class);
  }

  public PostgresComponent postgres() {
    return get(ComponentKind.POSTGRES, PostgresComponent.class);
  }

  private synchronized <T extends Component> T get(ComponentKind kind, Class<T> type) {
    Component c = running.get(kind);
    if (c == null) {
      throw new IllegalStateException(
          kind
              + " is not running in this local stack; request it, e.g. LocalStack.shared(ComponentKind."
              + kind.name()
              + ")");
    }
    return type.cast(c);
  }

  /** Whether {@code kind} is running. */
  public synchronized boolean isRunning(ComponentKind kind) {
    return running.containsKey(kind);
  }

  public LocalStackOptions options() {
    return options;
  }

  /** The data directory (component directories, kubeconfig, state.json). */
  public Path dataDir() {
    return options.dataDir();
  }

  /** Start-up timings and memory; RSS as measured when each component became ready. */
  public synchronized StartupReport report() {
    return new StartupReport(
        List.copyOf(entries.values()),
        startSeconds,
        ProcessRef.current("launcher").rssBytes(),
        options.parallel());
  }

  /** The current state file contents. */
  public synchronized StackState state() {
    return state;
  }

  // ------------------------------------------------------------------ stopping

  /**
   * Stops every component (child processes concurrently, the API server last) and removes the state
   * file. Idempotent.
   */
  @Override
  public void close() {
    List<Component> toStop;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toStop = new ArrayList<>(launched.values());
      launched.clear();
      running.clear();
    }
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    Component kube = null;
    for (Component c : toStop) {
      if (c.kind() == ComponentKind.KUBE_API) {
        kube = c;
      } else {
        stops.add(CompletableFuture.runAsync(() -> stopQuietly(c), daemonExecutor("stop", c)));
      }
    }
    stops.forEach(CompletableFuture::join);
    if (kube != null) {
      stopQuietly(kube);
    }
    StackState.delete(options.dataDir());
    options.progress().accept("local stack stopped");
  }

  private void stopQuietly(Component c) {
    try {
      c.stop();
    } catch (RuntimeException e) {
      options.progress().accept("stopping " + c.kind() + " failed: " + e);
    }
  }
}
