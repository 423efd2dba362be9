package io.fleetloop.stats;

import java.util.List;

/**
 * The verdict of one look at a stage, the figures for FleetRelease {@code status.analysis[]}, and
 * the state to store for the next look.
 *
 * @param stage stage index
 * @param verdict Pass, Fail or Inconclusive
 * @param reason the verdict in words
 * @param km candidate kilometres in the stage
 * @param interventions candidate interventions in the stage
 * @param rate candidate interventions per 1,000 km in the stage; {@code null} at 0 km
 * @param ciLow lower exact bound of {@code rate}; {@code null} at 0 km
 * @param ciHigh upper exact bound of {@code rate}; {@code null} at 0 km
 * @param baselineRate the stable rate over the same window; {@code null} when the stable drove
 *     nothing in the stage (the 100% stage)
 * @param look the look number over the release (looks that brought new data)
 * @param sequentialP the overall test's always-valid p-value
 * @param overallAlpha the level the overall test is judged at
 * @param conditions per condition, most suspicious first
 * @param state what to store and hand to the next look
 */
public record StageResult(
    int stage,
    Verdict verdict,
    String reason,
    double km,
    long interventions,
    Double rate,
    Double ciLow,
    Double ciHigh,
    Double baselineRate,
    int look,
    double sequentialP,
    double overallAlpha,
    List<ConditionResult> conditions,
    SequentialState state) {

  public StageResult {
    conditions = List.copyOf(conditions);
  }

  /** The conditions that fail the stage on their own. */
  public List<String> regressedConditions() {
    return conditions.stream()
        .filter(ConditionResult::regression)
        .map(ConditionResult::condition)
        .toList();
  }
}
