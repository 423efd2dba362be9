package io.fleetloop.stats.sim;

import io.fleetloop.stats.AnalysisPlan;
import io.fleetloop.stats.sim.Trials.Rollout;
import io.fleetloop.stats.sim.Trials.Rule;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.hipparchus.distribution.continuous.BetaDistribution;

/**
 * Measures the release statistics by simulation and prints Markdown tables: the A/A false-rollback
 * rate over whole staged releases (E5), the power to catch regressions by exposure, and the
 * exposure of the fleet to a poisoned candidate (E4). Deterministic under the seed.
 *
 * <pre>
 *   ./mvnw -q -pl libs/stats test-compile exec:java \
 *       -Dexec.classpathScope=test -Dexec.mainClass=io.fleetloop.stats.sim.ReleaseStatsSimulation \
 *       [-Dexec.args="TRIALS SEED [summary]"]
 * </pre>
 *
 * <p>The decisions are {@link io.fleetloop.stats.StageAnalyzer}'s with {@link
 * AnalysisPlan#defaults()}, the plan the operator's RolloutMachine builds from a FleetRelease with
 * the API's default {@code spec.analysis}, carrying one {@link io.fleetloop.stats.SequentialState}
 * over the whole release as the reconciler does in {@code status.rollout.sequentialTest}.
 */
public final class ReleaseStatsSimulation {

  static final long DEFAULT_SEED = 20261121L;
  static final int DEFAULT_TRIALS = 2000;

  /** Candidate km per look in the power runs. */
  static final double POWER_STEP_KM = 500;

  /** Candidate share of the fleet in the power runs. */
  static final double POWER_SHARE = 0.10;

  static final double[] POWER_KM = {2_000, 5_000, 10_000, 20_000, 50_000};

  private ReleaseStatsSimulation() {}

  public static void main(String[] args) {
    int trials = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_TRIALS;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : DEFAULT_SEED;
    boolean summaryOnly = args.length > 2 && "summary".equals(args[2]);
    FleetModel fleet = FleetModel.reference();
    AnalysisPlan plan = AnalysisPlan.defaults();
    long started = System.nanoTime();
    StringBuilder out = new StringBuilder();
    header(out, fleet, plan, trials, seed);
    summary(out, fleet, plan, trials, seed);
    if (!summaryOnly) {
      aa(out, fleet, plan, trials, seed);
      power(out, fleet, plan, Math.max(trials / 2, 1), seed);
      e4(out, fleet, plan, trials, seed);
    }
    out.append(
        String.format(
            Locale.ROOT,
            "%n_%.1f s on %d cores._%n",
            (System.nanoTime() - started) / 1e9,
            Runtime.getRuntime().availableProcessors()));
    System.out.print(out);
  }

  static void header(
      StringBuilder out, FleetModel fleet, AnalysisPlan plan, int trials, long seed) {
    out.append("# Release statistics: simulation\n\n");
    out.append(
        String.format(
            Locale.ROOT,
            "Seed %d, %,d trials per rollout row, %,d per power row.%n%n",
            seed,
            trials,
            Math.max(trials / 2, 1)));
    out.append("Fleet: ");
    for (FleetModel.Condition c : fleet.conditions()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%s %.0f%% of km at %.2f, ",
              c.name(),
              c.kmShare() * 100,
              c.stableRatePer1000Km()));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "overall %.2f interventions /1000 km (stable); %,.0f fleet km between looks; stages ",
            fleet.stableRate(),
            fleet.fleetKmPerLook()));
    for (FleetModel.Stage s : fleet.stages()) {
      out.append(
          s.minKm() > 0
              ? String.format(Locale.ROOT, "%d%% (minKm %,.0f) ", s.percent(), s.minKm())
              : String.format(Locale.ROOT, "%d%% ", s.percent()));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "%nPlan: confidence %.2f, maxRelativeRegression %.2f, minExposureKm %,.0f, perCondition %s, %d condition slots.%n%n",
            plan.confidence(),
            plan.maxRelativeRegression(),
            plan.minExposureKm(),
            plan.perCondition(),
            plan.conditionSlots()));
  }

  static void aa(StringBuilder out, FleetModel fleet, AnalysisPlan plan, int trials, long seed) {
    out.append("## E5: A/A false rollbacks over a whole staged release (target <= 5%)\n\n");
    out.append(
        "| candidate = stable, decided by | trials | rolled back | rate | 95% upper bound | looks per release |\n");
    out.append("|---|---:|---:|---:|---:|---:|\n");
    CandidateEffect same = CandidateEffect.uniform("A/A", 1.0);
    aaRow(
        out,
        "sequential test, per condition (the shipped rule)",
        Trials.rollouts(fleet, plan, same, Rule.SEQUENTIAL, trials, seed, 1));
    aaRow(
        out,
        "sequential test, overall only (perCondition false)",
        Trials.rollouts(
            fleet, AnalysisPlan.of(0.95, 0, 2000, false), same, Rule.SEQUENTIAL, trials, seed, 2));
    aaRow(
        out,
        "naive: 95% interval checked at every look",
        Trials.rollouts(fleet, plan, same, Rule.NAIVE_REPEATED, trials, seed, 3));
    // ten times as many looks (a look every 1,000 fleet km): the sequential rate must not grow
    FleetModel often =
        new FleetModel(
            fleet.conditions(), fleet.stages(), fleet.fleetKmPerLook() / 10, fleet.devices());
    int fewer = Math.max(trials / 4, 1);
    aaRow(
        out,
        "sequential test, per condition, 10x more looks",
        Trials.rollouts(often, plan, same, Rule.SEQUENTIAL, fewer, seed, 6));
    aaRow(
        out,
        "naive, 10x more looks",
        Trials.rollouts(often, plan, same, Rule.NAIVE_REPEATED, fewer, seed, 7));
    aaRow(
        out,
        "sequential, device heterogeneity CV 1 (not Poisson)",
        Trials.rollouts(fleet, plan, same.withDeviceCv(1.0), Rule.SEQUENTIAL, trials, seed, 4));
    aaRow(
        out,
        "sequential, device heterogeneity CV 2 (not Poisson)",
        Trials.rollouts(fleet, plan, same.withDeviceCv(2.0), Rule.SEQUENTIAL, trials, seed, 5));
    out.append("\n");
  }

  private static void aaRow(StringBuilder out, String label, Rollout[] r) {
    long k = Arrays.stream(r).filter(Rollout::rolledBack).count();
    double looks = Arrays.stream(r).mapToInt(Rollout::looks).average().orElse(0);
    out.append(
        String.format(
            Locale.ROOT,
            "| %s | %,d | %,d | %.2f%% | %.2f%% | %.0f |%n",
            label,
            r.length,
            k,
            100.0 * k / r.length,
            100 * upperBound(k, r.length),
            looks));
  }

  static List<CandidateEffect> powerRows() {
    return List.of(
        CandidateEffect.uniform("A/A (1x)", 1.0),
        CandidateEffect.uniform("1.25x everywhere", 1.25),
        CandidateEffect.uniform("1.5x everywhere", 1.5),
        CandidateEffect.uniform("2x everywhere", 2.0),
        CandidateEffect.uniform("3x everywhere", 3.0),
        CandidateEffect.onlyIn("5x in fog only", "fog", 5.0),
        CandidateEffect.onlyIn("5x in fog, 10% better elsewhere", "fog", 5.0).elsewhere(0.9),
        CandidateEffect.onlyIn("10x in fog, 10% better elsewhere", "fog", 10.0).elsewhere(0.9));
  }

  static void power(StringBuilder out, FleetModel fleet, AnalysisPlan plan, int trials, long seed) {
    out.append(
        String.format(
            Locale.ROOT,
            "## Power: share of trials failed by the candidate's km (%.0f%% of the fleet on the candidate, a look every %,.0f candidate km, no stage minimum)%n%n",
            POWER_SHARE * 100,
            POWER_STEP_KM));
    out.append("| candidate | pooled rate ratio | per condition |");
    for (double km : POWER_KM) {
      out.append(String.format(Locale.ROOT, " by %,.0f km |", km));
    }
    out.append(" median km to fail |\n|---|---:|---|");
    out.append("---:|".repeat(POWER_KM.length)).append("---:|\n");
    int scenario = 100;
    for (CandidateEffect e : powerRows()) {
      for (boolean perCondition : new boolean[] {true, false}) {
        boolean fogRow = !e.byCondition().isEmpty();
        if (!perCondition && !fogRow) {
          continue; // a uniform regression: the split changes little, keep the table short
        }
        AnalysisPlan p =
            AnalysisPlan.of(
                plan.confidence(),
                plan.maxRelativeRegression(),
                plan.minExposureKm(),
                perCondition);
        double[] km =
            Trials.kmToFail(
                fleet,
                p,
                e,
                POWER_SHARE,
                POWER_STEP_KM,
                POWER_KM[POWER_KM.length - 1],
                trials,
                seed,
                scenario++);
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %.2f | %s |",
                e.label(),
                e.pooledRatio(fleet),
                perCondition ? "yes" : "no"));
        for (double k : POWER_KM) {
          out.append(String.format(Locale.ROOT, " %.1f%% |", 100 * Trials.failedBy(km, k)));
        }
        out.append(" ").append(median(km)).append(" |\n");
      }
    }
    out.append("\n");
  }

  static List<CandidateEffect> e4Rows() {
    return List.of(
        CandidateEffect.uniform("poisoned: 10x everywhere", 10.0),
        CandidateEffect.uniform("5x everywhere", 5.0),
        CandidateEffect.uniform("3x everywhere", 3.0),
        CandidateEffect.uniform("2x everywhere", 2.0),
        CandidateEffect.uniform("1.5x everywhere", 1.5),
        CandidateEffect.onlyIn("10x in fog only", "fog", 10.0),
        CandidateEffect.onlyIn("5x in fog only", "fog", 5.0),
        CandidateEffect.uniform("poisoned 10x, device heterogeneity CV 2", 10.0).withDeviceCv(2.0));
  }

  static void e4(StringBuilder out, FleetModel fleet, AnalysisPlan plan, int trials, long seed) {
    out.append("## E4: staged rollout of a worse candidate (1% -> 10% -> 50% -> 100%)\n\n");
    out.append(
        "| candidate | trials | rolled back | rolled back at 1% | at 10% | at 50% | promoted | max fleet share ever on it | candidate km at rollback, median / max |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    int scenario = 200;
    for (CandidateEffect e : e4Rows()) {
      Rollout[] r = Trials.rollouts(fleet, plan, e, Rule.SEQUENTIAL, trials, seed, scenario++);
      long back = Arrays.stream(r).filter(Rollout::rolledBack).count();
      int maxShare = Arrays.stream(r).mapToInt(Rollout::maxPercent).max().orElse(0);
      double[] km =
          Arrays.stream(r).filter(Rollout::rolledBack).mapToDouble(Rollout::candidateKm).toArray();
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %.1f%% | %.1f%% | %.1f%% | %.1f%% | %.1f%% | %d%% | %s / %s |%n",
              e.label(),
              r.length,
              100.0 * back / r.length,
              100 * rolledBackAt(r, 0),
              100 * rolledBackAt(r, 1),
              100 * rolledBackAt(r, 2),
              100.0 * (r.length - back) / r.length,
              maxShare,
              median(km),
              km.length == 0
                  ? "-"
                  : String.format(Locale.ROOT, "%,.0f", Arrays.stream(km).max().getAsDouble())));
    }
  }

  /** One line of the decision summary: what was counted in how many staged releases. */
  record SummaryRow(String scenario, String counted, long count, int trials, String goal) {}

  /**
   * The three questions of the rollout, each over whole staged releases decided by the reconciler's
   * rule (StageAnalyzer with the plan RolloutMachine builds from the API defaults): A/A false
   * rollbacks, the power for a 2x regression confined to one condition, and the exposure of the
   * fleet to a 10x poisoned candidate.
   */
  static List<SummaryRow> summaryRows(FleetModel fleet, AnalysisPlan plan, int trials, long seed) {
    List<SummaryRow> rows = new java.util.ArrayList<>();
    Rollout[] aa =
        Trials.rollouts(
            fleet, plan, CandidateEffect.uniform("A/A", 1.0), Rule.SEQUENTIAL, trials, seed, 301);
    rows.add(
        new SummaryRow("A/A (candidate = stable)", "rolled back", rolledBack(aa), trials, "<= 5%"));
    List<String> conditions = List.of("rain", "snow", "fog");
    for (int i = 0; i < conditions.size(); i++) {
      String condition = conditions.get(i);
      Rollout[] r =
          Trials.rollouts(
              fleet,
              plan,
              CandidateEffect.onlyIn("2x in " + condition, condition, 2.0),
              Rule.SEQUENTIAL,
              trials,
              seed,
              302 + i);
      rows.add(
          new SummaryRow(
              "2x in " + condition + " only (" + share(fleet, condition) + " of km)",
              "rolled back before promotion",
              rolledBack(r),
              trials,
              "power"));
    }
    Rollout[] twice =
        Trials.rollouts(
            fleet, plan, CandidateEffect.uniform("2x", 2.0), Rule.SEQUENTIAL, trials, seed, 310);
    rows.add(
        new SummaryRow(
            "2x everywhere", "rolled back before promotion", rolledBack(twice), trials, "power"));
    Rollout[] poisoned =
        Trials.rollouts(
            fleet, plan, CandidateEffect.uniform("10x", 10.0), Rule.SEQUENTIAL, trials, seed, 311);
    rows.add(
        new SummaryRow(
            "10x poisoned",
            "rolled back with <= 1% of the fleet ever on it",
            Arrays.stream(poisoned).filter(x -> x.rolledBack() && x.maxPercent() <= 1).count(),
            trials,
            "every trial"));
    return rows;
  }

  static void summary(
      StringBuilder out, FleetModel fleet, AnalysisPlan plan, int trials, long seed) {
    out.append(
        "## Summary: whole staged releases (1% -> 10% -> 50% -> 100%), the reconciler's rule\n\n");
    out.append("| scenario | counted | count / trials | rate | 95% Wilson interval | goal |\n");
    out.append("|---|---|---:|---:|---:|---|\n");
    for (SummaryRow row : summaryRows(fleet, plan, trials, seed)) {
      double[] w = wilson(row.count(), row.trials());
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %,d / %,d | %.2f%% | [%.2f%%, %.2f%%] | %s |%n",
              row.scenario(),
              row.counted(),
              row.count(),
              row.trials(),
              100.0 * row.count() / row.trials(),
              100 * w[0],
              100 * w[1],
              row.goal()));
    }
    out.append("\n");
  }

  private static long rolledBack(Rollout[] r) {
    return Arrays.stream(r).filter(Rollout::rolledBack).count();
  }

  private static String share(FleetModel fleet, String condition) {
    return fleet.conditions().stream()
        .filter(c -> c.name().equals(condition))
        .map(c -> String.format(Locale.ROOT, "%.0f%%", 100 * c.kmShare()))
        .findFirst()
        .orElseThrow();
  }

  /** The 95% Wilson score interval of a proportion {@code k / n}. */
  static double[] wilson(long k, int n) {
    double z = 1.959963984540054;
    double p = (double) k / n;
    double denominator = 1 + z * z / n;
    double centre = (p + z * z / (2.0 * n)) / denominator;
    double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denominator;
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }

  static double rolledBackAt(Rollout[] r, int stage) {
    return Arrays.stream(r).filter(x -> x.rolledBack() && x.stage() == stage).count()
        / (double) r.length;
  }

  /** One-sided 95% Clopper-Pearson upper bound of a proportion. */
  static double upperBound(long k, int n) {
    return k >= n ? 1 : new BetaDistribution(k + 1, n - k).inverseCumulativeProbability(0.95);
  }

  private static String median(double[] values) {
    if (values.length == 0) {
      return "-";
    }
    double[] v = values.clone();
    Arrays.sort(v);
    double m = v[(v.length - 1) / 2];
    return Double.isInfinite(m) ? "> 50,000" : String.format(Locale.ROOT, "%,.0f", m);
  }
}
