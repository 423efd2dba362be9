package io.fleetloop.operator.testing;

import io.fleetloop.api.v1alpha1.HardwarePool;
import io.fleetloop.operator.trainingrun.ReferenceLookup;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A {@link ReferenceLookup} over objects a test adds, for the resolver's unit tests. */
public final class InMemoryReferences implements ReferenceLookup {

  private final Map<String, HardwarePool> pools = new HashMap<>();
  private final Set<String> triggers = new HashSet<>();
  private final Set<String> releases = new HashSet<>();

  public InMemoryReferences with(HardwarePool pool) {
    pools.put(pool.getMetadata().getName(), pool);
    return this;
  }

  public InMemoryReferences withTrigger(String name) {
    triggers.add(name);
    return this;
  }

  public InMemoryReferences withRelease(String name) {
    releases.add(name);
    return this;
  }

  @Override
  public Optional<HardwarePool> pool(String name) {
    return Optional.ofNullable(pools.get(name));
  }

  @Override
  public boolean triggerExists(String name) {
    return triggers.contains(name);
  }

  @Override
  public boolean releaseExists(String name) {
    return releases.contains(name);
  }
}
