package io.fleetloop.audit.api.event;

import java.util.List;

/**
 * The candidate moved to the next rollout stage (stage 0 is the shadow phase, stages 1..n follow
 * the spec). Carries what was measured and the rule that allowed the move. Emitted by the
 * FleetRelease reconciler.
 *
 * @param cohort the cohort that runs the candidate from now on
 * @param rule the decision as evaluated, e.g. {@code ciHigh 0.41 <= baseline 0.45 x (1 + 0.0) after
 *     5,210 km >= minKm 5,000}
 */
public record StageAdvanced(
    String releaseId,
    String candidateVersion,
    int fromStage,
    int toStage,
    Cohort cohort,
    List<Measurement> measured,
    String rule)
    implements ReleaseEvent {
  public StageAdvanced {
    measured = Lists.copy(measured);
  }

  @Override
  public String aggregateId() {
    return releaseId;
  }
}
