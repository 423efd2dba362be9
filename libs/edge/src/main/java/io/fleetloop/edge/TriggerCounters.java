package io.fleetloop.edge;

/**
 * What one trigger did on one device (or, summed, on a fleet): the figures the release channel
 * collects into {@code DataTrigger} status ({@code devices}, {@code firings}, {@code uploads}).
 *
 * <p>Every firing ends in exactly one place: {@code fired = cooldownSuppressed + sampledOut +
 * budgetSuppressed + captured + open windows}. Every captured clip too: {@code captured =
 * uploadedClips + refused + dropped + held in the outbox}, where {@code dropped} counts clips the
 * outbox refused or evicted for room.
 *
 * @param triggerId {@code datatrigger/<ns>/<name>}
 * @param evaluated frames the condition was evaluated on
 * @param fired frames on which the condition was true
 * @param cooldownSuppressed firings within the cooldown of the previous capture, or while the
 *     trigger's previous window was still being collected
 * @param sampledOut firings discarded by the sampling rate
 * @param budgetSuppressed firings (or finished clips) over the trigger's daily clip or byte budget
 * @param captured clips built (window complete, encoded) and offered to the outbox
 * @param queued clips the outbox accepted
 * @param dropped clips the outbox refused or evicted for room
 * @param uploadedClips clips ingest acknowledged
 * @param uploadedBytes payload bytes ingest acknowledged
 * @param refused clips ingest refused for good (not retryable)
 */
public record TriggerCounters(
    String triggerId,
    long evaluated,
    long fired,
    long cooldownSuppressed,
    long sampledOut,
    long budgetSuppressed,
    long captured,
    long queued,
    long dropped,
    long uploadedClips,
    long uploadedBytes,
    long refused) {

  /** All zero. */
  public static TriggerCounters zero(String triggerId) {
    return new TriggerCounters(triggerId, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** The sum of two tallies of the same trigger (e.g. two devices). */
  public TriggerCounters plus(TriggerCounters o) {
    if (!triggerId.equals(o.triggerId)) {
      throw new IllegalArgumentException(
          "cannot add counters of " + o.triggerId + " to those of " + triggerId);
    }
    return new TriggerCounters(
        triggerId,
        evaluated + o.evaluated,
        fired + o.fired,
        cooldownSuppressed + o.cooldownSuppressed,
        sampledOut + o.sampledOut,
        budgetSuppressed + o.budgetSuppressed,
        captured + o.captured,
        queued + o.queued,
        dropped + o.dropped,
        uploadedClips + o.uploadedClips,
        uploadedBytes + o.uploadedBytes,
        refused + o.refused);
  }
}
