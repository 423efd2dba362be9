package io.fleetloop.operator.trainingrun;

import io.fleetloop.api.v1alpha1.HardwarePool;
import java.util.Optional;

/**
 * Finds the objects a TrainingRun spec names, in the namespace of the object that names them
 * (HardwarePools are cluster-scoped). The operator answers from its informer caches.
 */
public interface ReferenceLookup {

  /** The HardwarePool called {@code name}. */
  Optional<HardwarePool> pool(String name);

  /** True when a DataTrigger called {@code name} exists. */
  boolean triggerExists(String name);

  /** True when a FleetRelease called {@code name} exists. */
  boolean releaseExists(String name);
}
