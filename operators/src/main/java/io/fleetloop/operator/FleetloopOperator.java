package io.fleetloop.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.operator.audit.ConditionAudit;
import io.fleetloop.operator.common.KubeEvents;
import io.fleetloop.operator.common.OperatorContext;
import io.fleetloop.operator.common.ReleaseChannelConnection;
import io.fleetloop.operator.common.SpecContract;
import io.fleetloop.operator.datatrigger.DataTriggerReconciler;
import io.fleetloop.operator.datatrigger.ReleaseChannelLink;
import io.fleetloop.operator.datatrigger.TriggerCompilation;
import io.fleetloop.operator.fleetrelease.FleetReleaseReconciler;
import io.fleetloop.operator.fleetrelease.RolloutLink;
import io.fleetloop.operator.hardwarepool.HardwarePoolReconciler;
import io.fleetloop.operator.http.OperatorHttpServer;
import io.fleetloop.operator.http.OperatorHttpServer.Probe;
import io.fleetloop.operator.loop.LoopReconciler;
import io.fleetloop.operator.metrics.FleetloopMetrics;
import io.fleetloop.operator.trainingrun.TrainingRunReconciler;
import io.fleetloop.operator.trainingrun.TrainingRuntime;
import io.fleetloop.operator.trainingrun.TrainingSettings;
import io.fleetloop.trigger.TriggerCompiler;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Fleetloop operator: one JOSDK {@link Operator} with a reconciler per kind (DataTrigger,
 * HardwarePool, TrainingRun, FleetRelease), optional leader election on a Lease, Prometheus
 * metrics, an HTTP endpoint with {@code /healthz}, {@code /readyz} and {@code /metrics}, and every
 * condition transition recorded in the audit log ({@link ConditionAudit}) before the status is
 * written.
 *
 * <p>In a container {@link #main} reads {@link OperatorSettings#fromEnv}; in-process (the local
 * stack, tests) call {@code FleetloopOperator.start(client, OperatorSettings.local())} and {@link
 * #close()} it.
 *
 * <p>Primary resources are patched without server-side apply, in tests and in production alike: the
 * in-memory API server of the local stack has no SSA, and what the tests run is what ships.
 */
public final class FleetloopOperator implements AutoCloseable {

  /** Retry of a reconciliation that threw: 2 s, doubling, at most 5 min apart, 8 attempts. */
  static final GenericRetry RETRY =
      new GenericRetry()
          .setInitialInterval(Duration.ofSeconds(2))
          .setIntervalMultiplier(2)
          .setMaxInterval(Duration.ofMinutes(5).toMillis())
          .setMaxAttempts(8);

  private static final Logger log = LoggerFactory.getLogger(FleetloopOperator.class);

  private final Operator operator;
  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gcMetrics;
  private final ConditionAudit audit;
  private final TrainingRuntime training;
  private final Optional<ReleaseChannelConnection> releaseChannel;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private volatile OperatorHttpServer http;

  private FleetloopOperator(
      Operator operator,
      PrometheusMeterRegistry registry,
      JvmGcMetrics gcMetrics,
      ConditionAudit audit,
      TrainingRuntime training,
      Optional<ReleaseChannelConnection> releaseChannel) {
    this.operator = operator;
    this.registry = registry;
    this.gcMetrics = gcMetrics;
    this.audit = audit;
    this.training = training;
    this.releaseChannel = releaseChannel;
  }

  /**
   * Starts the operator on {@code client} and returns once its informers are in sync (with leader
   * election, reconciling starts once this replica holds the Lease). The client stays open on
   * {@link #close()}: it belongs to the caller.
   */
  public static FleetloopOperator start(KubernetesClient client, OperatorSettings settings) {
    return start(client, settings, TrainingSettings.defaults());
  }

  /**
   * As {@link #start(KubernetesClient, OperatorSettings)}, with how training phases run (trainer
   * image, object store, retries, curator).
   */
  public static FleetloopOperator start(
      KubernetesClient client, OperatorSettings settings, TrainingSettings training) {
    return start(client, settings, TriggerCompiler.create()::compile, training);
  }

  /** As {@link #start(KubernetesClient, OperatorSettings)}, with the trigger compiler given. */
  static FleetloopOperator start(
      KubernetesClient client,
      OperatorSettings settings,
      Function<String, io.fleetloop.trigger.CompileResult> compiler) {
    return start(client, settings, compiler, TrainingSettings.defaults());
  }

  private static FleetloopOperator start(
      KubernetesClient client,
      OperatorSettings settings,
      Function<String, io.fleetloop.trigger.CompileResult> compiler,
      TrainingSettings trainingSettings) {
    Objects.requireNonNull(client, "client");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics gcMetrics = new JvmGcMetrics();
    gcMetrics.bindTo(registry);

    SpecContract contract = SpecContract.fromClasspath();
    FleetloopMetrics metrics = new FleetloopMetrics(registry);
    // warns once here when no audit log is configured
    ConditionAudit audit = ConditionAudit.of(settings.audit(), metrics, settings.clock());
    OperatorContext context =
        new OperatorContext(
            settings.clock(),
            contract,
            new KubeEvents(client, settings.clock(), identity(settings)),
            metrics,
            audit);

    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withCloseClientOnStop(false)
                  .withConcurrentReconciliationThreads(settings.reconcileThreads())
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
              settings
                  .leaderElection()
                  .map(FleetloopOperator::leaderElection)
                  .ifPresent(o::withLeaderElectionConfiguration);
            });
    // one connection to the release channel for triggers, rollouts and the loop (closed in close)
    Map<String, String> env = ReleaseChannelConnection.environment();
    Optional<ReleaseChannelConnection> channel = Optional.empty();
    ReleaseChannelLink triggers;
    RolloutLink rollout;
    try {
      channel = ReleaseChannelConnection.of(env);
      triggers = ReleaseChannelLink.of(env, channel, audit.recorder(DataTrigger.KIND));
      rollout = RolloutLink.of(env, channel, audit.recorder(FleetRelease.KIND));
    } catch (RuntimeException e) {
      channel.ifPresent(ReleaseChannelConnection::close);
      audit.close();
      throw e;
    }
    register(
        operator,
        new DataTriggerReconciler(context, new TriggerCompilation(compiler), triggers),
        namespaced(settings));
    // HardwarePool is cluster-scoped: always watched cluster-wide.
    TrainingRuntime training = TrainingRuntime.of(trainingSettings, settings);
    register(operator, new HardwarePoolReconciler(context, training.scheduler()), c -> {});
    register(operator, new TrainingRunReconciler(context, training), namespaced(settings));
    register(
        operator,
        new FleetReleaseReconciler(context, rollout, training.store()),
        // the fleetloop.io/action annotation does not bump the generation
        FleetloopOperator.<FleetRelease>namespaced(settings)
            .andThen(c -> c.withGenerationAware(false)));
    // the closed loop: next generation and focus trigger (docs/loop-controller.md); it reads the
    // rollout's status fields, which do not bump the generation
    register(
        operator,
        new LoopReconciler(
            context,
            training.datasets(),
            rollout.stats(),
            rollout.refresh(),
            io.fleetloop.operator.loop.FocusPlan.DEFAULT),
        FleetloopOperator.<FleetRelease>namespaced(settings)
            .andThen(c -> c.withGenerationAware(false)));

    FleetloopOperator started =
        new FleetloopOperator(operator, registry, gcMetrics, audit, training, channel);
    try {
      // serving first: /healthz answers and /readyz says "not started" while informers sync
      if (settings.httpPort() >= 0) {
        started.http =
            OperatorHttpServer.start(
                settings.httpHost(),
                settings.httpPort(),
                started::liveness,
                started::readiness,
                registry::scrape);
      }
      operator.start();
    } catch (RuntimeException e) {
      try {
        started.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    log.info(
        "Fleetloop operator started: namespaces {}, leader election {}, http {}, {}",
        settings.namespaces().isEmpty() ? "all" : settings.namespaces(),
        settings.leaderElection().map(le -> "on Lease " + le.leaseName()).orElse("off"),
        started.httpAddress().map(Object::toString).orElse("off"),
        audit.describe());
    return started;
  }

  /** Where {@code /healthz}, {@code /readyz} and {@code /metrics} are served, if they are. */
  public Optional<InetSocketAddress> httpAddress() {
    return Optional.ofNullable(http).map(OperatorHttpServer::address);
  }

  /** True when the operator started and every informer is healthy (what {@code /readyz} says). */
  public boolean isReady() {
    return readiness().ok();
  }

  /**
   * True when condition transitions are recorded in an audit log (also {@code
   * fleetloop_audit_enabled} and the {@code /readyz} text).
   */
  public boolean auditEnabled() {
    return audit.enabled();
  }

  /** The metrics in Prometheus text format (what {@code /metrics} serves). */
  public String scrapeMetrics() {
    return registry.scrape();
  }

  /**
   * The operator's connection to the release channel ({@code FLEETLOOP_RELEASE_ENDPOINT}), if one
   * is configured; closed by {@link #close()}.
   */
  public Optional<ReleaseChannelConnection> releaseChannel() {
    return releaseChannel;
  }

  /**
   * Stops reconciling and serving, then closes the clients the operator opened: the release
   * channel's, the curator's and the audit log's. Leaves the Kubernetes client open. Idempotent.
   */
  @Override
  public void close() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    OperatorHttpServer server = http;
    if (server != null) {
      server.close();
    }
    try {
      operator.stop();
    } finally {
      releaseChannel.ifPresent(ReleaseChannelConnection::close);
      training.close();
      audit.close();
      gcMetrics.close();
      registry.close();
      log.info("Fleetloop operator stopped");
    }
  }

  Probe liveness() {
    return stopped.get() ? Probe.failing("stopped") : Probe.ok("ok");
  }

  Probe readiness() {
    if (stopped.get()) {
      return Probe.failing("stopped");
    }
    var runtime = operator.getRuntimeInfo();
    if (!runtime.isStarted()) {
      return Probe.failing("operator not started");
    }
    if (!runtime.allEventSourcesAreHealthy()) {
      return Probe.failing(
          "unhealthy event sources: "
              + runtime.unhealthyEventSources().entrySet().stream()
                  .filter(e -> !e.getValue().isEmpty())
                  .map(e -> e.getKey() + " " + e.getValue().keySet())
                  .collect(Collectors.joining(", ")));
    }
    // the audit log's state is reported, never a reason to be unready: reconciliations that
    // cannot record fail and are retried, the rest of the operator carries on
    return Probe.ok("ok\n" + audit.describe());
  }

  /**
   * The container entry point: settings from the environment (see {@link OperatorSettings.Env}).
   */
  public static void main(String[] args) throws InterruptedException {
    OperatorSettings settings = OperatorSettings.fromEnv(System.getenv());
    // explicit: with a second HTTP client on the classpath Fabric8 would pick one at random
    KubernetesClient client =
        new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory()).build();
    FleetloopOperator operator = start(client, settings, TrainingSettings.fromEnv(System.getenv()));
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  client.close();
                  stop.countDown();
                },
                "fleetloop-operator-shutdown"));
    stop.await();
  }

  private static <R extends HasMetadata> void register(
      Operator operator,
      Reconciler<R> reconciler,
      Consumer<ControllerConfigurationOverrider<R>> configure) {
    operator.register(
        reconciler,
        c -> {
          c.withRetry(RETRY);
          configure.accept(c);
        });
  }

  private static <R extends HasMetadata> Consumer<ControllerConfigurationOverrider<R>> namespaced(
      OperatorSettings settings) {
    return c -> {
      if (!settings.namespaces().isEmpty()) {
        c.settingNamespaces(settings.namespaces());
      }
    };
  }

  private static LeaderElectionConfiguration leaderElection(OperatorSettings.LeaderElection le) {
    LeaderElectionConfigurationBuilder builder =
        LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(le.leaseName())
            .withLeaseDuration(le.leaseDuration())
            .withRenewDeadline(le.renewDeadline())
            .withRetryPeriod(le.retryPeriod())
            .withExitOnStopLeading(le.exitOnLoss());
    le.leaseNamespace().ifPresent(builder::withLeaseNamespace);
    le.identity().ifPresent(builder::withIdentity);
    return builder.build();
  }

  private static String identity(OperatorSettings settings) {
    return settings
        .leaderElection()
        .flatMap(OperatorSettings.LeaderElection::identity)
        .orElseGet(FleetloopOperator::hostName);
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "fleetloop-operator";
    }
  }
}
