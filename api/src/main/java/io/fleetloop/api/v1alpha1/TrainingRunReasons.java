package io.fleetloop.api.v1alpha1;

/**
 * Reasons of the conditions the operator sets on a TrainingRun (and on a FleetRelease whose {@code
 * loop.trainingTemplate} has the same references).
 */
public final class TrainingRunReasons {

  /** Ready=True: every pool, trigger and release the run names exists and fits. */
  public static final String REFERENCES_RESOLVED = "ReferencesResolved";

  /** Ready=False: a phase names a HardwarePool that does not exist. */
  public static final String POOL_NOT_FOUND = "PoolNotFound";

  /** Ready=False: a phase's precision does not fit its pool's accelerator. */
  public static final String PRECISION_MISMATCH = "PrecisionMismatch";

  /** Ready=False: a phase asks for more accelerators than its pool has, or the pool has none. */
  public static final String INSUFFICIENT_CAPACITY = "InsufficientCapacity";

  /** Ready=False: {@code dataset.triggers} names a DataTrigger that does not exist. */
  public static final String TRIGGER_NOT_FOUND = "TriggerNotFound";

  /** Ready=False: {@code promotion.release} names a FleetRelease that does not exist. */
  public static final String RELEASE_NOT_FOUND = "ReleaseNotFound";

  /** Admitted=False: no pool scheduler exists in this release, so no run starts. */
  public static final String NO_SCHEDULER = "NoScheduler";

  private TrainingRunReasons() {}
}
