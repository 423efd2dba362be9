package io.fleetloop.loop;

import java.util.List;
import java.util.Map;

/**
 * One generation of the loop: what the fleet measured driving model {@code model}, and what became
 * of the candidate trained from that generation's data.
 *
 * @param generation the generation index
 * @param model the model the fleet drove
 * @param rates interventions per 1,000 km: all, common, rare, per weather, per zone
 * @param km kilometres driven
 * @param focusTrigger the focus trigger's condition this generation ran
 * @param clipsUploaded clips uploaded by the fleet
 * @param uploadedBytes bytes of those payloads
 * @param clipsDropped clips the outboxes dropped
 * @param clipsAccepted clips curation added to the pool
 * @param labels accepted clips per label source
 * @param datasetClips clips in the cumulative pool
 * @param datasetSamples samples of the candidate's training set (0 when none was trained)
 * @param candidate the candidate's version ({@code ""} for the last generation)
 * @param poisoned whether the candidate was the injected poisoned one
 * @param validation the validator's summary of the candidate
 * @param validationPassed whether it passed its gates
 * @param rollout the stage looks of its rollout
 * @param decision promoted, rejected by validation, rolled back at stage N, or held
 * @param seconds wall seconds per stage: drive, curate, train, validate, rollout
 */
public record GenerationReport(
    int generation,
    String model,
    List<GroupRate> rates,
    double km,
    String focusTrigger,
    long clipsUploaded,
    long uploadedBytes,
    long clipsDropped,
    long clipsAccepted,
    Map<String, Long> labels,
    int datasetClips,
    int datasetSamples,
    String candidate,
    boolean poisoned,
    String validation,
    boolean validationPassed,
    List<Rollout.Look> rollout,
    String decision,
    Map<String, Double> seconds) {

  /** The rate of {@code group} ({@code all}, {@code common}, {@code rare}, ...). */
  public GroupRate rate(String group) {
    return rates.stream()
        .filter(r -> r.group().equals(group))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no group " + group));
  }

  /** Total wall seconds of the generation. */
  public double totalSeconds() {
    return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
  }
}
