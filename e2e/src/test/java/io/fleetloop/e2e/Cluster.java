package io.fleetloop.e2e;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fleetloop.api.common.Condition;
import io.fleetloop.api.common.FleetloopStatus;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.HardwarePool;
import io.fleetloop.api.v1alpha1.TrainingRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One E2E test class's view of the {@link ClusterTarget}: a namespace of its own, the pools it
 * created, helpers that only use the Kubernetes API, a dump of everything on failure, and clean-up.
 */
public final class Cluster
    implements BeforeAllCallback, AfterAllCallback, AfterTestExecutionCallback {

  /** Longest a test waits for the operator; a real cluster may be slower than the embedded one. */
  public static final Duration DEADLINE = Duration.ofSeconds(60);

  private final List<String> pools = new ArrayList<>();
  private ClusterTarget target;
  private String namespace;
  private String suffix;

  @Override
  public void beforeAll(ExtensionContext context) {
    target = ClusterTarget.get();
    suffix = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
    namespace =
        "e2e-"
            + context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT)
            + "-"
            + suffix;
    client()
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (context.getExecutionException().isPresent()) {
      System.err.println(dump());
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    for (Class<? extends HasMetadata> type :
        List.of(TrainingRun.class, FleetRelease.class, DataTrigger.class)) {
      client()
          .resources(type)
          .inNamespace(namespace)
          .list()
          .getItems()
          .forEach(r -> client().resource(r).delete());
    }
    pools.forEach(p -> client().resources(HardwarePool.class).withName(p).delete());
    eventually()
        .until(
            () ->
                List.of(TrainingRun.class, FleetRelease.class, DataTrigger.class).stream()
                        .allMatch(
                            t ->
                                client()
                                    .resources(t)
                                    .inNamespace(namespace)
                                    .list()
                                    .getItems()
                                    .isEmpty())
                    && pools.stream()
                        .allMatch(
                            p -> client().resources(HardwarePool.class).withName(p).get() == null));
    client().namespaces().withName(namespace).delete();
  }

  public KubernetesClient client() {
    return target.client();
  }

  public ClusterTarget target() {
    return target;
  }

  public String namespace() {
    return namespace;
  }

  /** Appended to the names of the pools this class creates. */
  public String poolSuffix() {
    return suffix;
  }

  /** Polls every 250 ms until {@link #DEADLINE}. */
  public static ConditionFactory eventually() {
    return await().atMost(DEADLINE).pollInterval(Duration.ofMillis(250)).ignoreExceptions();
  }

  /** Creates {@code resource} as it is (namespace included); remembers pools for clean-up. */
  public <R extends HasMetadata> R create(R resource) {
    if (resource instanceof HardwarePool) {
      pools.add(resource.getMetadata().getName());
    }
    return client().resource(resource).create();
  }

  /** The current {@code type}/{@code name} (in the class's namespace unless a pool), or null. */
  public <R extends HasMetadata> R get(Class<R> type, String name) {
    return type == HardwarePool.class
        ? client().resources(type).withName(name).get()
        : client().resources(type).inNamespace(namespace).withName(name).get();
  }

  /** Patches {@code type}/{@code name} with what {@code change} does to it. */
  public <R extends HasMetadata> void edit(Class<R> type, String name, Consumer<R> change) {
    var resource =
        type == HardwarePool.class
            ? client().resources(type).withName(name)
            : client().resources(type).inNamespace(namespace).withName(name);
    resource.edit(
        r -> {
          change.accept(r);
          return r;
        });
  }

  /** The condition {@code conditionType} of {@code type}/{@code name}, once it has one. */
  public <S extends FleetloopStatus, R extends CustomResource<?, S>> Optional<Condition> condition(
      Class<R> type, String name, String conditionType) {
    R resource = get(type, name);
    return resource == null || resource.getStatus() == null
        ? Optional.empty()
        : resource.getStatus().condition(conditionType);
  }

  /** Deletes {@code type}/{@code name} and waits until it is gone (finalizers removed). */
  public <R extends HasMetadata> void deleteAndAwaitGone(Class<R> type, String name) {
    client().resource(get(type, name)).delete();
    eventually().until(() -> get(type, name) == null);
  }

  /**
   * Creates {@code resource}, which breaks a validation rule: a real API server refuses it (422)
   * and this returns the refusal; the embedded one accepts it and this returns empty (the operator
   * then reports it).
   */
  public Optional<String> createRefused(HasMetadata resource) {
    try {
      create(resource);
      return Optional.empty();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 422) {
        throw e;
      }
      pools.remove(resource.getMetadata().getName());
      return Optional.of(e.getMessage());
    }
  }

  /** The class's resources and Events as YAML, for a failing test's output. */
  public String dump() {
    StringBuilder s =
        new StringBuilder("---- " + target.description() + ", namespace " + namespace + " ----\n");
    try {
      for (Class<? extends HasMetadata> type :
          List.of(DataTrigger.class, TrainingRun.class, FleetRelease.class)) {
        client()
            .resources(type)
            .inNamespace(namespace)
            .list()
            .getItems()
            .forEach(r -> s.append(Serialization.asYaml(r)));
      }
      for (String pool : pools) {
        Optional.ofNullable(client().resources(HardwarePool.class).withName(pool).get())
            .ifPresent(p -> s.append(Serialization.asYaml(p)));
      }
      s.append("---- events ----\n");
      client()
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
    } catch (RuntimeException e) {
      s.append("(dump failed: ").append(e).append(")\n");
    }
    return s.toString();
  }
}
