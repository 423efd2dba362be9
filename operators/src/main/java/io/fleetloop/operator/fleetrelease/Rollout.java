package io.fleetloop.operator.fleetrelease;

import io.fleetloop.api.v1alpha1.FleetReleaseSpec;
import io.fleetloop.api.v1alpha1.FleetReleaseStatus;
import io.fleetloop.operator.common.Finding;

/**
 * The {@code Progressing} condition. The staged rollout controller comes in a later issue: until
 * then no device receives the candidate, and the condition says so.
 */
public final class Rollout {

  /** Progressing=False: nothing rolls the release out in this release of Fleetloop. */
  public static final String NO_ROLLOUT_CONTROLLER =
      FleetReleaseStatus.REASON_NO_ROLLOUT_CONTROLLER;

  private Rollout() {}

  /** {@code Progressing=False}, reason {@code NoRolloutController}. */
  public static Finding notProgressing(FleetReleaseSpec spec) {
    String version =
        spec.getModel() == null || spec.getModel().getVersion() == null
            ? "the candidate"
            : spec.getModel().getVersion();
    return Finding.pending(
        FleetReleaseStatus.PROGRESSING,
        NO_ROLLOUT_CONTROLLER,
        ("the staged rollout controller is not part of this release: no device receives %s and no"
                + " stage starts yet (the spec is checked, see Ready)")
            .formatted(version));
  }
}
