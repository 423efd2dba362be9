package io.fleetloop.operator.trainingrun;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.HardwarePool;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Watches the HardwarePools, DataTriggers and FleetReleases that primary resources of type {@code
 * P} name, so that creating, changing or deleting one re-reconciles exactly the primaries that name
 * it — no polling.
 *
 * <p>The primaries are indexed by the names they refer to ({@link ReferencedNames}); each watched
 * kind has an informer whose secondary-to-primary mapper looks its name up in that index. The same
 * informers answer {@link #lookup(Context, String)}.
 */
public final class ReferenceWatch<P extends HasMetadata> {

  static final String POOLS = "referenced-hardwarepools";
  static final String TRIGGERS = "referenced-datatriggers";
  static final String RELEASES = "referenced-fleetreleases";

  private final Function<P, ReferencedNames> names;

  /** Watches what {@code names} says a primary refers to. */
  public ReferenceWatch(Function<P, ReferencedNames> names) {
    this.names = names;
  }

  /** The three informers; call from {@code prepareEventSources}. */
  public List<EventSource<?, P>> eventSources(EventSourceContext<P> context) {
    IndexerResourceCache<P> primaries = context.getPrimaryCache();
    primaries.addIndexers(
        Map.of(
            POOLS, p -> List.copyOf(names.apply(p).pools()),
            TRIGGERS, p -> namespaced(p, names.apply(p).triggers()),
            RELEASES, p -> namespaced(p, names.apply(p).releases())));
    Class<P> primary = context.getPrimaryResourceClass();

    // HardwarePool is cluster-scoped: its informer watches the whole cluster.
    InformerEventSource<HardwarePool, P> pools =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(HardwarePool.class, primary)
                .withName(POOLS)
                .withWatchAllNamespaces()
                .withOnUpdateFilter(specChanged())
                .withSecondaryToPrimaryMapper(
                    pool -> primaryIds(primaries.byIndex(POOLS, pool.getMetadata().getName())))
                .build(),
            context);
    InformerEventSource<DataTrigger, P> triggers =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(DataTrigger.class, primary)
                .withName(TRIGGERS)
                .withNamespacesInheritedFromController()
                .withOnUpdateFilter(specChanged())
                .withSecondaryToPrimaryMapper(
                    trigger -> primaryIds(primaries.byIndex(TRIGGERS, key(trigger))))
                .build(),
            context);
    InformerEventSource<FleetRelease, P> releases =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(FleetRelease.class, primary)
                .withName(RELEASES)
                .withNamespacesInheritedFromController()
                .withOnUpdateFilter(specChanged())
                .withSecondaryToPrimaryMapper(
                    release -> primaryIds(primaries.byIndex(RELEASES, key(release))))
                .build(),
            context);
    return List.of(pools, triggers, releases);
  }

  /** Looks references up in the informers' caches, for a primary in {@code namespace}. */
  @SuppressWarnings("unchecked")
  public ReferenceLookup lookup(Context<P> context, String namespace) {
    var sources = context.eventSourceRetriever();
    InformerEventSource<HardwarePool, P> pools =
        (InformerEventSource<HardwarePool, P>) sources.getEventSourceFor(HardwarePool.class, POOLS);
    InformerEventSource<DataTrigger, P> triggers =
        (InformerEventSource<DataTrigger, P>)
            sources.getEventSourceFor(DataTrigger.class, TRIGGERS);
    InformerEventSource<FleetRelease, P> releases =
        (InformerEventSource<FleetRelease, P>)
            sources.getEventSourceFor(FleetRelease.class, RELEASES);
    return new ReferenceLookup() {
      @Override
      public Optional<HardwarePool> pool(String name) {
        return pools.get(new ResourceID(name));
      }

      @Override
      public boolean triggerExists(String name) {
        return triggers.get(new ResourceID(name, namespace)).isPresent();
      }

      @Override
      public boolean releaseExists(String name) {
        return releases.get(new ResourceID(name, namespace)).isPresent();
      }
    };
  }

  /** Only spec changes of a referenced object matter (its own status writes do not). */
  private static <R extends HasMetadata> OnUpdateFilter<R> specChanged() {
    return (updated, old) ->
        !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration());
  }

  private static List<String> namespaced(HasMetadata primary, Set<String> names) {
    return names.stream().map(n -> primary.getMetadata().getNamespace() + "/" + n).toList();
  }

  private static String key(HasMetadata referenced) {
    return referenced.getMetadata().getNamespace() + "/" + referenced.getMetadata().getName();
  }

  private static Set<ResourceID> primaryIds(List<? extends HasMetadata> primaries) {
    return primaries.stream().map(ResourceID::fromResource).collect(Collectors.toSet());
  }
}
