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
   * The sum of several devices' snapshots, per trigger id: devices may run different trigger sets
   * (a canary reaches some devices only); the triggers appear in the order first seen.
   */
  public static AgentCounters sum(String label, List<AgentCounters> parts) {
    java.util.LinkedHashMap<String, TriggerCounters> triggers = new java.util.LinkedHashMap<>();
    int devices = 0;
    long frames = 0;
    int open = 0;
    long clips = 0;
    long bytes = 0;
    long failed = 0;
    for (AgentCounters a : parts) {
      for (TriggerCounters t : a.triggers()) {
        triggers.merge(t.triggerId(), t, TriggerCounters::plus);
      }
      devices += a.devices();
      frames += a.frames();
      open += a.openWindows();
      clips += a.heldClips();
      bytes += a.heldBytes();
      failed += a.failedUploads();
    }
    return new AgentCounters(
        label, devices, frames, new ArrayList<>(triggers.values()), open, clips, bytes, failed);
  }
}
