package io.fleetloop.release.core;

import io.fleetloop.release.api.Cohorts;
import io.fleetloop.release.grpc.Artifact;
import io.fleetloop.release.grpc.Assignment;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * What one device runs, from the triggers and releases the channel serves (plain Java; the rules
 * are in docs/release-channel.md):
 *
 * <ul>
 *   <li>a trigger when its {@code fleetSelector} matches the device's labels and the device's
 *       cohort is in the trigger's served share (the canary percent until promoted, then 100); only
 *       compiled generations are ever in {@code triggers} ({@link ServedTrigger#of});
 *   <li>the model of the first release (by id) whose selector matches: the candidate when the
 *       release is at a stage and the device's cohort is in its percent, else the stable version;
 *       during the shadow phase the candidate rides along as {@code shadow};
 *   <li>the codec of the model the device drives.
 * </ul>
 */
public final class AssignmentPolicy {

  private final int pollAfterSeconds;

  /** A policy telling devices to poll again after {@code pollAfterSeconds}. */
  public AssignmentPolicy(int pollAfterSeconds) {
    if (pollAfterSeconds < 1) {
      throw new IllegalArgumentException("pollAfterSeconds must be at least 1");
    }
    this.pollAfterSeconds = pollAfterSeconds;
  }

  /** The assignment of device {@code deviceId} with {@code labels}. */
  public Assignment assign(
      String deviceId,
      Map<String, String> labels,
      Collection<ServedTrigger> triggers,
      Collection<ServedRelease> releases) {
    int cohort = Cohorts.of(deviceId);
    Assignment.Builder a =
        Assignment.newBuilder().setCohort(cohort).setPollAfterSeconds(pollAfterSeconds);
    triggers.stream()
        .filter(t -> Labels.matches(t.selector(), labels))
        .filter(t -> Cohorts.inFirstPercent(cohort, t.servedPercent()))
        .sorted(Comparator.comparing(ServedTrigger::id))
        .forEach(t -> a.addTriggers(t.assignment()));
    Optional<ServedRelease> release =
        releases.stream()
            .filter(r -> Labels.matches(r.selector(), labels))
            .min(Comparator.comparing(ServedRelease::id));
    if (release.isPresent()) {
      ServedRelease r = release.get();
      Artifact model = r.stable();
      if (r.candidate().isPresent()) {
        if (r.shadowPhase()) {
          a.setShadow(r.candidate().get());
        } else if (Cohorts.inFirstPercent(cohort, r.candidatePercent())) {
          model = r.candidate().get();
        }
      }
      a.setModel(model);
      a.setCodec(r.codecFor(model.getVersion()));
    } else {
      a.setCodec(ServedRelease.RAW_CODEC);
    }
    return a.build();
  }
}
