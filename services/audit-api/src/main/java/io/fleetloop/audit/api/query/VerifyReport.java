package io.fleetloop.audit.api.query;

/**
 * The result of re-computing the hash chain.
 *
 * @param intact true when every event checked matches its hash and links to its predecessor
 * @param eventsChecked number of events read
 * @param headGlobalIndex global index of the last event checked (events start at 1; 0 for an empty
 *     log)
 * @param headHash its hash: pin it elsewhere to detect a rewrite of the whole tail
 * @param firstBreak the first event that does not verify, or null
 */
public record VerifyReport(
    boolean intact, long eventsChecked, long headGlobalIndex, String headHash, Break firstBreak) {

  /**
   * The first event that fails verification.
   *
   * @param problem {@code ContentMismatch} (the row was altered), {@code BrokenLink} (a row before
   *     it was deleted, inserted or re-hashed), {@code StreamBrokenLink} (same, within its stream),
   *     {@code Unhashed} (no hash stored)
   */
  public record Break(
      long globalIndex,
      String streamId,
      long sequence,
      String eventType,
      String problem,
      String detail) {}
}
