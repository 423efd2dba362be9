package io.fleetloop.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fleetloop.api.common.Condition;
import io.fleetloop.api.common.FleetloopStatus;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.HardwarePool;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.local.ComponentKind;
import io.fleetloop.local.KubeApiComponent;
import io.fleetloop.local.LocalStack;
import io.fleetloop.operator.FleetloopOperator;
import io.fleetloop.operator.OperatorSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test class's world: the shared in-memory API server of the local stack, a unique namespace,
 * and a {@link FleetloopOperator} watching it. Dumps the resources and Events when a test fails;
 * deletes what the class created (through the operator, so finalizers are removed) afterwards.
 *
 * <pre>{@code
 * @RegisterExtension static final OperatorEnvironment env = new OperatorEnvironment();
 * }</pre>
 */
public final class OperatorEnvironment
    implements BeforeAllCallback, AfterAllCallback, AfterTestExecutionCallback {

  /** Longest a test waits for the operator. */
  public static final Duration DEADLINE = Duration.ofSeconds(30);

  private final BiFunction<KubernetesClient, OperatorSettings, FleetloopOperator> starter;
  private final UnaryOperator<OperatorSettings> settings;
  private final List<String> pools = new ArrayList<>();
  private KubernetesClient client;
  private String namespace;
  private FleetloopOperator operator;

  public OperatorEnvironment() {
    this(FleetloopOperator::start);
  }

  /** An environment whose operator is started by {@code starter}. */
  public OperatorEnvironment(
      BiFunction<KubernetesClient, OperatorSettings, FleetloopOperator> starter) {
    this(starter, UnaryOperator.identity());
  }

  /**
   * An environment whose operator runs with the local settings changed by {@code settings} (applied
   * when the class starts, so it may read other extensions' state).
   */
  public OperatorEnvironment(UnaryOperator<OperatorSettings> settings) {
    this(FleetloopOperator::start, settings);
  }

  private OperatorEnvironment(
      BiFunction<KubernetesClient, OperatorSettings, FleetloopOperator> starter,
      UnaryOperator<OperatorSettings> settings) {
    this.starter = starter;
    this.settings = settings;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    KubeApiComponent api = LocalStack.shared(ComponentKind.KUBE_API).kubeApi();
    client = api.newClient();
    namespace = api.createUniqueNamespace(context.getRequiredTestClass().getSimpleName());
    operator = startOperator();
  }

  /**
   * Stops the operator and starts a new one with the same settings on the same cluster (what a
   * crash and a restarted pod amount to); returns once its informers are in sync.
   */
  public FleetloopOperator restartOperator() {
    operator.close();
    operator = startOperator();
    return operator;
  }

  private FleetloopOperator startOperator() {
    return starter.apply(
        client, settings.apply(OperatorSettings.local().watching(Set.of(namespace))));
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (context.getExecutionException().isPresent()) {
      System.err.println(dump());
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (client != null && operator != null) {
        deleteEverything();
      }
    } finally {
      if (operator != null) {
        operator.close();
      }
      if (client != null) {
        client.close();
      }
    }
  }

  public KubernetesClient client() {
    return client;
  }

  public String namespace() {
    return namespace;
  }

  public FleetloopOperator operator() {
    return operator;
  }

  /** A cluster-wide unique name (for cluster-scoped pools), remembered for clean-up. */
  public String poolName(String base) {
    String name = base + "-" + namespace;
    pools.add(name);
    return name;
  }

  /** Polls every 100 ms until the deadline. */
  public static ConditionFactory eventually() {
    return await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).ignoreExceptions();
  }

  /** Creates {@code resource} (in the class's namespace when it is namespaced). */
  public <R extends HasMetadata> R create(R resource) {
    if (!(resource instanceof HardwarePool)) {
      resource.getMetadata().setNamespace(namespace);
    }
    resource.getMetadata().setGeneration(null);
    return client.resource(resource).create();
  }

  /** The current state of {@code type}/{@code name}, or null. */
  public <R extends HasMetadata> R get(Class<R> type, String name) {
    if (type == HardwarePool.class) {
      return client.resources(type).withName(name).get();
    }
    return client.resources(type).inNamespace(namespace).withName(name).get();
  }

  /** Changes {@code type}/{@code name} with a patch computed from {@code change}. */
  public <R extends HasMetadata> R edit(Class<R> type, String name, Consumer<R> change) {
    var resource =
        type == HardwarePool.class
            ? client.resources(type).withName(name)
            : client.resources(type).inNamespace(namespace).withName(name);
    return resource.edit(
        r -> {
          change.accept(r);
          return r;
        });
  }

  /** Sets the annotation {@code key} of {@code type}/{@code name}, or removes it when null. */
  public <R extends HasMetadata> R annotate(Class<R> type, String name, String key, String value) {
    return edit(
        type,
        name,
        r -> {
          if (value == null) {
            r.getMetadata().getAnnotations().remove(key);
          } else {
            r.getMetadata().getAnnotations().put(key, value);
          }
        });
  }

  /** The condition {@code type} of {@code type}/{@code name}, once the object has it. */
  public <S extends FleetloopStatus, R extends CustomResource<?, S>> Optional<Condition> condition(
      Class<R> kind, String name, String conditionType) {
    R resource = get(kind, name);
    if (resource == null || resource.getStatus() == null) {
      return Optional.empty();
    }
    return resource.getStatus().condition(conditionType);
  }

  /**
   * Asserts that {@code type}/{@code name} is not written for {@code quiet}: no hot loop, no
   * rewrites of an unchanged status.
   */
  public <R extends HasMetadata> void assertNotWrittenFor(
      Class<R> type, String name, Duration quiet) {
    String version = get(type, name).getMetadata().getResourceVersion();
    await()
        .during(quiet)
        .atMost(quiet.plusSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> version.equals(get(type, name).getMetadata().getResourceVersion()));
  }

  /** Deletes {@code type}/{@code name} and waits until the finalizer is removed and it is gone. */
  public <R extends HasMetadata> void deleteAndAwaitGone(Class<R> type, String name) {
    R resource = get(type, name);
    assertThat(resource).as("%s %s exists", type.getSimpleName(), name).isNotNull();
    client.resource(resource).delete();
    eventually().until(() -> get(type, name) == null);
  }

  /** The resources and Events of the class, as YAML, for a failing test's output. */
  public String dump() {
    StringBuilder s = new StringBuilder("---- resources in namespace " + namespace + " ----\n");
    for (Class<? extends HasMetadata> type :
        List.of(DataTrigger.class, TrainingRun.class, FleetRelease.class)) {
      client
          .resources(type)
          .inNamespace(namespace)
          .list()
          .getItems()
          .forEach(r -> s.append(Serialization.asYaml(r)));
    }
    for (String pool : pools) {
      Optional.ofNullable(client.resources(HardwarePool.class).withName(pool).get())
          .ifPresent(p -> s.append(Serialization.asYaml(p)));
    }
    s.append("---- events ----\n");
    client
        .v1()
        .events()
        .inNamespace(namespace)
        .list()
        .getItems()
        .forEach(
            e ->
                s.append(
                    "%s %s %s/%s: %s%n"
                        .formatted(
                            e.getType(),
                            e.getReason(),
                            e.getInvolvedObject().getKind(),
                            e.getInvolvedObject().getName(),
                            e.getMessage())));
    return s.toString();
  }

  private void deleteEverything() {
    for (Class<? extends HasMetadata> type :
        List.of(TrainingRun.class, FleetRelease.class, DataTrigger.class)) {
      client
          .resources(type)
          .inNamespace(namespace)
          .list()
          .getItems()
          .forEach(r -> client.resource(r).delete());
    }
    for (String pool : pools) {
      client.resources(HardwarePool.class).withName(pool).delete();
    }
    eventually()
        .until(
            () ->
                client
                        .resources(TrainingRun.class)
                        .inNamespace(namespace)
                        .list()
                        .getItems()
                        .isEmpty()
                    && client
                        .resources(FleetRelease.class)
                        .inNamespace(namespace)
                        .list()
                        .getItems()
                        .isEmpty()
                    && client
                        .resources(DataTrigger.class)
                        .inNamespace(namespace)
                        .list()
                        .getItems()
                        .isEmpty()
                    && pools.stream()
                        .allMatch(
                            p -> client.resources(HardwarePool.class).withName(p).get() == null));
  }
}
