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

  /**
   * Ready=False: {@code promotion.release} names a FleetRelease that does not exist (also
   * Promoted=False when it is missing at promotion time).
   */
  public static final String RELEASE_NOT_FOUND = "ReleaseNotFound";

  /**
   * Admitted=False: no pool scheduler existed (releases before the scheduler); kept for readers of
   * old audit timelines.
   */
  public static final String NO_SCHEDULER = "NoScheduler";

  /** Admitted=False: the run waits in its phase's pool queue; the message gives the position. */
  public static final String QUEUED = "Queued";

  /** Admitted=False: a higher-priority run took the capacity; the run waits again. */
  public static final String PREEMPTED = "Preempted";

  /** Admitted=True: the current phase holds its capacity on its pool. */
  public static final String ADMITTED = "Admitted";

  /** Admitted=False: the run's references do not resolve yet (see Ready). */
  public static final String NOT_READY = "NotReady";

  /** Admitted=False: fewer new labelled samples than {@code dataset.minNewSamples}. */
  public static final String WAITING_FOR_SAMPLES = "WaitingForSamples";

  /** Admitted=False: the curator refused to cut a snapshot with so few clips. */
  public static final String EMPTY_DATASET = "EmptyDataset";

  /** Admitted=False: the curator cannot be reached or is not configured. */
  public static final String CURATOR_UNAVAILABLE = "CuratorUnavailable";

  /** Admitted=False, Running=False: the run ended and holds no capacity. */
  public static final String FINISHED = "Finished";

  /** Running=True: a phase's Job runs. */
  public static final String PHASE_RUNNING = "PhaseRunning";

  /** Running=False: the run waits for capacity or its dataset. */
  public static final String NOT_RUNNING = "NotRunning";

  /** Running=False: a phase's Job failed; the next attempt starts after a backoff. */
  public static final String RETRY_BACKOFF = "RetryBackoff";

  /** Succeeded=False: phases are still to run. */
  public static final String IN_PROGRESS = "InProgress";

  /** Failed=True: a phase's Job failed more often than the retry limit allows. */
  public static final String PHASE_FAILED = "PhaseFailed";

  /** Failed=True: the trainer reported no metrics.json or no artifact. */
  public static final String REPORT_MISSING = "ReportMissing";

  /** Failed=True: the artifact's bytes do not match the digest the trainer reported. */
  public static final String ARTIFACT_DIGEST_MISMATCH = "ArtifactDigestMismatch";

  /** Succeeded=False: no object store is configured, so the artifact cannot be verified. */
  public static final String ARTIFACT_NOT_VERIFIED = "ArtifactNotVerified";

  /** Succeeded=True: every phase succeeded and the verified model version is registered. */
  public static final String MODEL_REGISTERED = "ModelRegistered";

  /** Failed=False: nothing failed. */
  public static final String NO_FAILURE = "NoFailure";

  /** Validated=Unknown: the validator's Job runs (or waits for its next attempt). */
  public static final String VALIDATING = "Validating";

  /** Validated=True: every gate holds; the message gives the measured numbers. */
  public static final String GATES_PASSED = "GatesPassed";

  /** Validated=False: a gate does not hold; the message gives the measured numbers and why. */
  public static final String GATES_FAILED = "GatesFailed";

  /**
   * Validated=False: the validator's Job failed more often than the retry limit allows, or wrote no
   * (or an unreadable) {@code validation.json}, or one about another model.
   */
  public static final String VALIDATOR_FAILED = "ValidatorFailed";

  /** Promoted=True: the model is the FleetRelease's {@code spec.model}. */
  public static final String PROMOTED = "Promoted";

  /**
   * Promoted=False: {@code promotion.policy} is Manual; the message gives the kubectl command that
   * approves it.
   */
  public static final String AWAITING_APPROVAL = "AwaitingApproval";

  /** Promoted=False: the model did not pass validation and is never promoted. */
  public static final String NOT_VALIDATED = "NotValidated";

  /** Promoted=False: the model waits for its validation. */
  public static final String AWAITING_VALIDATION = "AwaitingValidation";

  private TrainingRunReasons() {}
}
