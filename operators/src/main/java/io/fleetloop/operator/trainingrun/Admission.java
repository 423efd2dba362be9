package io.fleetloop.operator.trainingrun;

import io.fleetloop.api.v1alpha1.TrainingRunReasons;
import io.fleetloop.api.v1alpha1.TrainingRunStatus;
import io.fleetloop.operator.common.Finding;

/**
 * The {@code Admitted} condition. No pool scheduler is part of this release: a run is never
 * admitted, and the condition says so instead of pretending it waits in a queue.
 */
public final class Admission {

  static final String NO_SCHEDULER_MESSAGE =
      "the pool scheduler is not part of this release: the run is not admitted and will not start"
          + " yet (its references are checked, see Ready)";

  private Admission() {}

  /** {@code Admitted=False}, reason {@code NoScheduler}. */
  public static Finding noScheduler() {
    return Finding.pending(
        TrainingRunStatus.ADMITTED, TrainingRunReasons.NO_SCHEDULER, NO_SCHEDULER_MESSAGE);
  }
}
