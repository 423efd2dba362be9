package io.fleetloop.operator.fleetrelease;

import io.fleetloop.api.v1alpha1.FleetReleaseStatus;
import io.fleetloop.api.v1alpha1.FleetloopApi;
import io.fleetloop.operator.common.Finding;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code fleetloop.io/action} annotation a user puts on a FleetRelease ({@code kubectl annotate
 * fr model-y-na fleetloop.io/action=promote}), read into the {@value #CONDITION} condition.
 *
 * <p>No rollout controller is part of this release, so no verb is carried out: a known verb is
 * answered with {@code ActionNotAvailable}, anything else with {@code UnknownAction} naming the
 * allowed verbs. The annotation is left in place (the rollout controller will consume it); removing
 * it removes the condition.
 */
public final class ActionRequest {

  /**
   * Condition type that answers the annotation. (Kept here until the API module names it next to
   * the other FleetRelease condition types.)
   */
  public static final String CONDITION = FleetReleaseStatus.ACTION_ACCEPTED;

  /** The verb is not one of {@link #VERBS}. */
  public static final String UNKNOWN_ACTION = FleetReleaseStatus.REASON_UNKNOWN_ACTION;

  /** The verb is known but nothing carries it out in this release. */
  public static final String ACTION_NOT_AVAILABLE = FleetReleaseStatus.REASON_ACTION_NOT_AVAILABLE;

  /** The verbs {@code fleetloop.io/action} accepts. */
  public static final List<String> VERBS = List.of("promote", "abort", "undo", "retry");

  private ActionRequest() {}

  /** The {@value #CONDITION} condition for {@code annotations}, or empty when none asks. */
  public static Optional<Finding> read(Map<String, String> annotations) {
    String raw = annotations == null ? null : annotations.get(FleetloopApi.ACTION_ANNOTATION);
    if (raw == null) {
      return Optional.empty();
    }
    String verb = raw.trim().toLowerCase(Locale.ROOT);
    if (!VERBS.contains(verb)) {
      return Optional.of(
          Finding.failed(
              CONDITION,
              UNKNOWN_ACTION,
              "%s '%s' is not an action; allowed: %s"
                  .formatted(FleetloopApi.ACTION_ANNOTATION, raw, String.join(", ", VERBS))));
    }
    return Optional.of(
        Finding.failed(
            CONDITION,
            ACTION_NOT_AVAILABLE,
            ("%s '%s' is not carried out: the rollout controller is not part of this release"
                    + " (nothing was changed)")
                .formatted(FleetloopApi.ACTION_ANNOTATION, verb)));
  }
}
