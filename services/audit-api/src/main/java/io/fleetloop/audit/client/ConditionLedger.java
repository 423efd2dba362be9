package io.fleetloop.audit.client;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The rule that decides whether a condition is a transition, shared by the audit service's
 * aggregates and the client-side shortcut of {@link GrpcAuditRecorder}: a condition is a transition
 * when its status or reason differs from the last recorded one of that type for the same uid. A new
 * uid (the resource was recreated) starts over. A generation older than the last recorded one is
 * stale.
 */
public final class ConditionLedger {

  /** The last recorded state of one condition type. */
  public record Last(String uid, long generation, String status, String reason) {}

  /** The verdict for a proposed condition. */
  public enum Verdict {
    TRANSITION,
    UNCHANGED,
    STALE
  }

  private final Map<String, Last> byType = new HashMap<>();

  public Verdict judge(String uid, long generation, String type, String status, String reason) {
    Last last = byType.get(type);
    if (last == null || !last.uid().equals(uid)) {
      return Verdict.TRANSITION;
    }
    if (generation < last.generation()) {
      return Verdict.STALE;
    }
    if (last.status().equals(status) && Objects.equals(last.reason(), reason)) {
      return Verdict.UNCHANGED;
    }
    return Verdict.TRANSITION;
  }

  /** Remembers a recorded transition. A new uid forgets every condition of the old one. */
  public void remember(String uid, long generation, String type, String status, String reason) {
    if (byType.values().stream().anyMatch(l -> !l.uid().equals(uid))) {
      byType.clear();
    }
    byType.put(type, new Last(uid, generation, status, reason));
  }

  /** The last recorded state of {@code type}, or null. */
  public Last last(String type) {
    return byType.get(type);
  }

  /** A copy of the ledger's state, by condition type. */
  public Map<String, Last> snapshot() {
    return Map.copyOf(byType);
  }
}
