package io.fleetloop.operator.fleetrelease;

import io.fleetloop.api.v1alpha1.FleetReleaseStatus;
import io.fleetloop.api.v1alpha1.FleetloopApi;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code fleetloop.io/action} annotation a user puts on a FleetRelease ({@code kubectl annotate
 * fr model-y-na fleetloop.io/action=promote}), parsed. The rollout state machine ({@link
 * RolloutMachine}) carries a verb out once and remembers the value in {@code
 * status.rollout.handledAction}; remove the annotation to re-arm the same verb.
 *
 * @param raw the annotation's value as written
 * @param kind what the value is
 * @param verb the verb when {@code kind} is {@link Kind#VERB}
 */
public record ActionRequest(String raw, Kind kind, String verb) {

  /** Condition type that answers the annotation. */
  public static final String CONDITION = FleetReleaseStatus.ACTION_ACCEPTED;

  /** The value is not one of {@link #VERBS}. */
  public static final String UNKNOWN_ACTION = FleetReleaseStatus.REASON_UNKNOWN_ACTION;

  /** The verb is known but cannot run here (invalid spec, no release channel). */
  public static final String ACTION_NOT_AVAILABLE = FleetReleaseStatus.REASON_ACTION_NOT_AVAILABLE;

  /** The verbs {@code fleetloop.io/action} accepts. */
  public static final List<String> VERBS = List.of("promote", "abort", "undo", "retry");

  /** What an annotation value is. */
  public enum Kind {
    /** One known verb. */
    VERB,
    /** Not a known verb. */
    UNKNOWN,
    /** More than one verb ("promote,abort"): refused, nothing changes. */
    CONFLICTING
  }

  /** The request on {@code annotations}, or empty when none asks. */
  public static Optional<ActionRequest> read(Map<String, String> annotations) {
    String raw = annotations == null ? null : annotations.get(FleetloopApi.ACTION_ANNOTATION);
    if (raw == null) {
      return Optional.empty();
    }
    List<String> words =
        Arrays.stream(raw.trim().toLowerCase(Locale.ROOT).split("[\\s,;]+"))
            .filter(w -> !w.isEmpty())
            .distinct()
            .toList();
    if (words.size() > 1) {
      return Optional.of(new ActionRequest(raw, Kind.CONFLICTING, null));
    }
    String verb = words.isEmpty() ? "" : words.get(0);
    if (!VERBS.contains(verb)) {
      return Optional.of(new ActionRequest(raw, Kind.UNKNOWN, null));
    }
    return Optional.of(new ActionRequest(raw, Kind.VERB, verb));
  }
}
