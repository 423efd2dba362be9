package io.fleetloop.edge;

import java.util.ArrayList;
import java.util.List;

/**
 * An immutable snapshot of one device's edge agent (or of a whole simulated fleet, summed): per
 * trigger tallies, the outbox, the uplink.
 *
 * @param deviceId the device, or a label such as {@code fleet} for a sum
 * @param devices how many devices the snapshot covers
 * @param frames frames processed
 * @param triggers per trigger, in {@link TriggerSet} order
 * @param openWindows windows still collecting post-roll frames
 * @param heldClips clips in the outbox (including one in flight)
 * @param heldBytes payload bytes in the outbox
 * @param failedUploads upload attempts that failed transiently (uplink down, ingest unavailable)
 */
public record AgentCounters(
    String deviceId,
    int devices,
    long frames,
    List<TriggerCounters> triggers,
    int openWindows,
    long heldClips,
    long heldBytes,
    long failedUploads) {

  public AgentCounters {
    triggers = List.copyOf(triggers);
  }

  /** The tally of the trigger with {@code triggerId}. */
  public TriggerCounters trigger(String triggerId) {
    for (TriggerCounters t : triggers) {
      if (t.triggerId().equals(triggerId)) {
        return t;
      }
    }
    throw new IllegalArgumentException("no trigger " + triggerId + " on " + deviceId);
  }

  /** All triggers summed under {@code label}. */
  public TriggerCounters total(String label) {
    TriggerCounters sum = TriggerCounters.zero(label);
    for (TriggerCounters t : triggers) {
      sum =
          sum.plus(
              new TriggerCounters(
                  label,
                  t.evaluated(),
                  t.fired(),
                  t.cooldownSuppressed(),
                  t.sampledOut(),
                  t.budgetSuppressed(),
                  t.captured(),
                  t.queued(),
                  t.dropped(),
                  t.uploadedClips(),
                  t.uploadedBytes(),
                  t.refused()));
    }
    return sum;
  }

  /**
   * The sum of several devices' snapshots of the same trigger set.
   *
   * @throws IllegalArgumentException when the snapshots are of different trigger sets
   */
  public static AgentCounters sum(String label, List<AgentCounters> parts) {
    if (parts.isEmpty()) {
      return new AgentCounters(label, 0, 0, List.of(), 0, 0, 0, 0);
    }
    List<TriggerCounters> triggers = new ArrayList<>(parts.get(0).triggers());
    int devices = parts.get(0).devices();
    long frames = parts.get(0).frames();
    int open = parts.get(0).openWindows();
    long clips = parts.get(0).heldClips();
    long bytes = parts.get(0).heldBytes();
    long failed = parts.get(0).failedUploads();
    for (int p = 1; p < parts.size(); p++) {
      AgentCounters a = parts.get(p);
      if (a.triggers().size() != triggers.size()) {
        throw new IllegalArgumentException("cannot sum snapshots of different trigger sets");
      }
      for (int t = 0; t < triggers.size(); t++) {
        triggers.set(t, triggers.get(t).plus(a.triggers().get(t)));
      }
      devices += a.devices();
      frames += a.frames();
      open += a.openWindows();
      clips += a.heldClips();
      bytes += a.heldBytes();
      failed += a.failedUploads();
    }
    return new AgentCounters(label, devices, frames, triggers, open, clips, bytes, failed);
  }
}
