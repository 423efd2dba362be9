package io.fleetloop.cli;

import io.fleetloop.stats.Exposure;
import io.fleetloop.stats.RateEstimate;
import io.fleetloop.stats.Rates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the local loop measured, generation after generation: per release, each generation the fleet
 * drove (generation 0 is the model the release starts with; each candidate promoted to 100% is the
 * next) with its exposure per condition group as the fleet reported it to the release channel, and
 * each rollout with its stages as the operator judged them in the FleetRelease status. Immutable;
 * {@link LoopReportWriter} turns it into text, CSV and JSON.
 *
 * @param generations every generation of every release, in order
 * @param rollouts every finished rollout (promoted, rolled back, frozen, aborted), in order
 */
public record LoopReport(List<Generation> generations, List<Rollout> rollouts) {

  /** The confidence of the printed bounds (exact Poisson, libs/stats {@link Rates}). */
  public static final double CONFIDENCE = 0.95;

  /** An empty report. */
  public static final LoopReport EMPTY = new LoopReport(List.of(), List.of());

  public LoopReport {
    generations = List.copyOf(generations);
    rollouts = List.copyOf(rollouts);
  }

  /** The generations of {@code release} ({@code namespace/name}), in order. */
  public List<Generation> generations(String release) {
    return generations.stream().filter(g -> g.release().equals(release)).toList();
  }

  /** The rollouts of {@code release} ({@code namespace/name}), in order. */
  public List<Rollout> rollouts(String release) {
    return rollouts.stream().filter(r -> r.release().equals(release)).toList();
  }

  /**
   * One generation: a model version that drove the whole fleet.
   *
   * @param release {@code namespace/name} of the FleetRelease
   * @param number 0 for the model the release started with, then one more per promotion to 100%
   * @param version the model version (for a loop generation, its TrainingRun's name)
   * @param since RFC 3339: when it became the fleet's model (when the loop first saw it for 0)
   * @param current true while it is the release's stable version
   * @param exposure its cumulative DRIVING exposure as reported to the release channel, per
   *     condition group ({@link ConditionGroups}, in their order); includes the km it drove in its
   *     own canary stages and beside later candidates' stages
   */
  public record Generation(
      String release,
      int number,
      String version,
      String since,
      boolean current,
      Map<String, Exposure> exposure) {
    public Generation {
      Objects.requireNonNull(release, "release");
      Objects.requireNonNull(version, "version");
      exposure = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(exposure));
    }

    /** The rate and its exact bounds in {@code group}; empty before it drove a kilometre. */
    public Optional<RateEstimate> rate(String group) {
      Exposure e = exposure.get(group);
      return e == null || !(e.km() > 0) ? Optional.empty() : Optional.of(Rates.rate(e, CONFIDENCE));
    }
  }

  /**
   * One candidate's rollout, as it ended.
   *
   * @param release {@code namespace/name} of the FleetRelease
   * @param candidate the candidate model version
   * @param fromGeneration the generation the fleet drove while it rolled out
   * @param outcome the FleetRelease history outcome: Promoted, RolledBack, Frozen, Aborted, Undone
   * @param at RFC 3339, from the history entry
   * @param message the operator's words for the outcome (the RolledBack/Frozen condition message,
   *     or the last stage's reason)
   * @param poisoned true when the local loop's poison switch made this candidate
   * @param stages the last look of every stage the operator judged (status.analysis), in order
   */
  public record Rollout(
      String release,
      String candidate,
      int fromGeneration,
      String outcome,
      String at,
      String message,
      boolean poisoned,
      List<Stage> stages) {
    public Rollout {
      stages = List.copyOf(stages);
    }
  }

  /**
   * One stage's latest look, as the operator wrote it in {@code status.analysis}.
   *
   * @param stage -1 for the shadow phase, else the index into {@code spec.stages}
   * @param percent the stage's share of the fleet (100 for the shadow phase: every device rides
   *     along); null when unknown
   * @param km the candidate's km in the stage's window (would-be for shadow)
   * @param interventions its interventions (would-be for shadow)
   * @param rate per 1,000 km
   * @param ciLow lower bound
   * @param ciHigh upper bound
   * @param baselineRate the stable version's rate over the same window (null at 100%)
   * @param verdict Pass, Fail or Inconclusive
   * @param reason the verdict in the operator's words
   */
  public record Stage(
      int stage,
      Integer percent,
      Double km,
      Long interventions,
      Double rate,
      Double ciLow,
      Double ciHigh,
      Double baselineRate,
      String verdict,
      String reason) {

    /**
     * "shadow" or "stage 0 (25%)": the index into {@code spec.stages}, as the operator's status
     * messages count.
     */
    public String label() {
      if (stage < 0) {
        return "shadow";
      }
      return "stage " + stage + (percent == null ? "" : " (" + percent + "%)");
    }
  }
}
