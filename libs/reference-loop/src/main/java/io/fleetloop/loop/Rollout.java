package io.fleetloop.loop;

import io.fleetloop.stats.AnalysisPlan;
import io.fleetloop.stats.SequentialState;
import io.fleetloop.stats.StageAnalyzer;
import io.fleetloop.stats.StageData;
import io.fleetloop.stats.StageResult;
import io.fleetloop.stats.Verdict;
import io.fleetloop.world.Driver;
import io.fleetloop.world.FleetSimulator;
import io.fleetloop.world.FleetStats;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.WorldConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A staged rollout judged by the libs/stats {@link StageAnalyzer}, as the release operator judges a
 * FleetRelease: in each stage a fixed share of the fleet (a seeded random cohort) drives the
 * candidate and the rest the stable model, in the same world at the same time; after every chunk of
 * ticks the stage's cumulative candidate and stable exposure (km, interventions) is one look of the
 * sequential test. A Fail rolls the candidate back; a stage still inconclusive after its looks
 * stops the rollout without promoting (the conservative choice); Pass moves to the next stage, and
 * passing the last promotes.
 */
public final class Rollout {
  private Rollout() {}

  /**
   * One look at a stage.
   *
   * @param stage stage index
   * @param fraction share of the fleet on the candidate
   * @param look look number in the stage (1-based)
   * @param verdict the analyzer's verdict
   * @param reason the verdict in words
   * @param candidateKm candidate km in the stage so far
   * @param candidateInterventions candidate interventions in the stage so far
   * @param stableKm stable km in the stage so far
   * @param stableInterventions stable interventions in the stage so far
   */
  public record Look(
      int stage,
      double fraction,
      int look,
      Verdict verdict,
      String reason,
      double candidateKm,
      long candidateInterventions,
      double stableKm,
      long stableInterventions) {

    public String formatted() {
      return String.format(
          Locale.ROOT,
          "stage %d (%.0f%%) look %d: %s — candidate %d in %.0f km (%.1f /1000 km), stable %d in"
              + " %.0f km (%.1f /1000 km): %s",
          stage,
          fraction * 100,
          look,
          verdict.apiValue(),
          candidateInterventions,
          candidateKm,
          1000.0 * candidateInterventions / Math.max(candidateKm, 1e-9),
          stableInterventions,
          stableKm,
          1000.0 * stableInterventions / Math.max(stableKm, 1e-9),
          reason);
    }
  }

  /**
   * The rollout's outcome.
   *
   * @param promoted whether the candidate passed every stage
   * @param decision {@code promoted}, {@code rolled back at stage N} or {@code held at stage N}
   * @param looks every look, in order
   */
  public record Outcome(boolean promoted, String decision, List<Look> looks) {}

  static Outcome run(
      WorldConfig world,
      PolicyModel stable,
      PolicyModel candidate,
      List<Double> fractions,
      double stageMinKm,
      int chunkTicks,
      int maxLooks,
      Consumer<String> progress) {
    AnalysisPlan plan = AnalysisPlan.of(0.95, 0.0, stageMinKm / 2, false);
    StageAnalyzer analyzer = new StageAnalyzer();
    List<Look> looks = new ArrayList<>();
    try (FleetSimulator sim = new FleetSimulator(world, Driver.MODEL, stable, null)) {
      int n = sim.vehicles();
      int[] order = shuffled(n, world.seed());
      boolean[] onCandidate = new boolean[n];
      SequentialState state = null;
      for (int s = 0; s < fractions.size(); s++) {
        double fraction = fractions.get(s);
        int cohort = Math.max(1, (int) Math.round(fraction * n));
        for (int k = 0; k < cohort; k++) {
          int v = order[k];
          if (!onCandidate[v]) {
            onCandidate[v] = true;
            sim.setActive(v, candidate);
          }
        }
        FleetStats start = sim.stats();
        Verdict verdict = Verdict.INCONCLUSIVE;
        for (int look = 1; look <= maxLooks && verdict == Verdict.INCONCLUSIVE; look++) {
          sim.run(chunkTicks);
          FleetStats now = sim.stats();
          double cKm = 0;
          double sKm = 0;
          long cInt = 0;
          long sInt = 0;
          for (int v = 0; v < n; v++) {
            double km = now.vehicleKm(v) - start.vehicleKm(v);
            long in = now.vehicleInterventions(v) - start.vehicleInterventions(v);
            if (onCandidate[v]) {
              cKm += km;
              cInt += in;
            } else {
              sKm += km;
              sInt += in;
            }
          }
          StageData data =
              StageData.builder(s).minKm(stageMinKm).total(cKm, cInt, sKm, sInt).build();
          StageResult r = analyzer.analyze(plan, data, state);
          state = r.state();
          verdict = r.verdict();
          Look l = new Look(s, fraction, look, verdict, r.reason(), cKm, cInt, sKm, sInt);
          looks.add(l);
          progress.accept(l.formatted());
        }
        if (verdict == Verdict.FAIL) {
          return new Outcome(false, "rolled back at stage " + s, looks);
        }
        if (verdict == Verdict.INCONCLUSIVE) {
          return new Outcome(false, "held at stage " + s + " (inconclusive)", looks);
        }
      }
    }
    return new Outcome(true, "promoted", looks);
  }

  private static int[] shuffled(int n, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
