package io.fleetloop.release.server;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.release.core.ServedRelease;
import io.fleetloop.release.core.ServedTrigger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DataTriggers and FleetReleases the channel serves, kept current by Fabric8 informers (on a
 * real cluster and on the local stack's in-memory API server alike). Each resource is translated
 * once per change into its served form ({@link ServedTrigger}, {@link ServedRelease}); a trigger
 * that is not compiled for its current generation is not served.
 */
final class ResourceCache implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ResourceCache.class);

  private final Map<String, ServedTrigger> triggers = new ConcurrentHashMap<>();
  private final Map<String, DataTrigger> rawTriggers = new ConcurrentHashMap<>();
  private final Map<String, ServedRelease> releases = new ConcurrentHashMap<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final Consumer<ServedTrigger> onServed;

  private ResourceCache(Consumer<ServedTrigger> onServed) {
    this.onServed = onServed;
  }

  /**
   * Starts informers on {@code namespaces} (empty: all) and returns once their caches are synced.
   *
   * @param onServed told about every trigger generation that is served (to forget older ones)
   */
  static ResourceCache start(
      KubernetesClient client, Set<String> namespaces, Consumer<ServedTrigger> onServed) {
    ResourceCache cache = new ResourceCache(onServed);
    try {
      if (namespaces.isEmpty()) {
        cache.informers.add(
            client.resources(DataTrigger.class).inAnyNamespace().inform(cache.triggerHandler()));
        cache.informers.add(
            client.resources(FleetRelease.class).inAnyNamespace().inform(cache.releaseHandler()));
      } else {
        for (String ns : namespaces) {
          cache.informers.add(
              client.resources(DataTrigger.class).inNamespace(ns).inform(cache.triggerHandler()));
          cache.informers.add(
              client.resources(FleetRelease.class).inNamespace(ns).inform(cache.releaseHandler()));
        }
      }
    } catch (RuntimeException e) {
      cache.close();
      throw e;
    }
    return cache;
  }

  /** The trigger generations served now. */
  Collection<ServedTrigger> triggers() {
    return triggers.values();
  }

  /** The releases served now. */
  Collection<ServedRelease> releases() {
    return releases.values();
  }

  /** The served form of trigger {@code id}, if it is served. */
  Optional<ServedTrigger> trigger(String id) {
    return Optional.ofNullable(triggers.get(id));
  }

  /** The trigger {@code id} as last seen, served or not. */
  Optional<DataTrigger> rawTrigger(String id) {
    return Optional.ofNullable(rawTriggers.get(id));
  }

  /** True when every informer is watching. */
  boolean isWatching() {
    return informers.stream().allMatch(SharedIndexInformer::isWatching);
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }

  private ResourceEventHandler<DataTrigger> triggerHandler() {
    return handler(
        t -> ServedTrigger.idOf(t.getMetadata().getNamespace(), t.getMetadata().getName()),
        (id, t) -> {
          rawTriggers.put(id, t);
          Optional<ServedTrigger> served;
          try {
            served = ServedTrigger.of(t);
          } catch (IllegalArgumentException e) {
            log.warn("{} not served: {}", id, e.getMessage());
            served = Optional.empty();
          }
          served.ifPresentOrElse(
              s -> {
                ServedTrigger before = triggers.put(id, s);
                if (before == null
                    || before.generation() != s.generation()
                    || before.servedPercent() != s.servedPercent()) {
                  log.info(
                      "{} generation {} served to {}% of its devices",
                      id, s.generation(), s.servedPercent());
                }
                onServed.accept(s);
              },
              () -> {
                if (triggers.remove(id) != null) {
                  log.info(
                      "{} no longer served (not compiled for generation {})",
                      id,
                      t.getMetadata().getGeneration());
                }
              });
        },
        id -> {
          rawTriggers.remove(id);
          triggers.remove(id);
          log.info("{} deleted; no longer served", id);
        });
  }

  private ResourceEventHandler<FleetRelease> releaseHandler() {
    return handler(
        r -> "fleetrelease/" + r.getMetadata().getNamespace() + "/" + r.getMetadata().getName(),
        (id, r) ->
            ServedRelease.of(r)
                .ifPresentOrElse(s -> releases.put(id, s), () -> releases.remove(id)),
        releases::remove);
  }

  private static <R extends HasMetadata> ResourceEventHandler<R> handler(
      Function<R, String> idOf,
      java.util.function.BiConsumer<String, R> upsert,
      Consumer<String> delete) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(R obj) {
        upsert.accept(idOf.apply(obj), obj);
      }

      @Override
      public void onUpdate(R oldObj, R newObj) {
        upsert.accept(idOf.apply(newObj), newObj);
      }

      @Override
      public void onDelete(R obj, boolean deletedFinalStateUnknown) {
        delete.accept(idOf.apply(obj));
      }
    };
  }
}
