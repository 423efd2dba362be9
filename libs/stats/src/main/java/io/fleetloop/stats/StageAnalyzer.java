package io.fleetloop.stats;

import io.fleetloop.stats.ConditionResult.Judgement;
import io.fleetloop.stats.SequentialState.ConditionState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Judges a stage of a FleetRelease at one look: a pure, deterministic function of the plan, the
 * stage's cumulative exposure and the state stored at the previous look.
 *
 * <ol>
 *   <li>The increments since the previous look feed the release-wide sequential test ({@link
 *       MixtureSprt}), per condition. The overall test multiplies the conditions' likelihood ratios
 *       under a common rate ratio (a stratified test, so a candidate cohort that happens to drive
 *       more in fog is not blamed for fog's higher rate).
 *   <li>Exposure guard: before the candidate drove {@code minExposureKm} in the stage there is no
 *       verdict, whatever the data ("not enough exposure: 1,250 of 2,000 km").
 *   <li>Fail when the overall test rejects "no regression" at {@code alpha} (half of it with {@code
 *       perCondition}), or when a condition with a slot and at least {@code minConditionKm} in the
 *       stage rejects at {@code alpha / 2 / conditionSlots}. Bonferroni over the overall test and
 *       the slots keeps the release's false-rollback rate at or below {@code alpha}.
 *   <li>Pass when the candidate drove the stage's {@code minKm} (and {@code minExposureKm}) without
 *       a rejection; otherwise Inconclusive, keep driving.
 * </ol>
 *
 * See {@code docs/release-statistics.md} for the method, its assumptions and its limits.
 */
public final class StageAnalyzer {

  /** Conditions named in a reason before the rest are summarised. */
  private static final int CONDITIONS_IN_REASON = 4;

  /**
   * One look.
   *
   * @param plan how the release is judged
   * @param data the stage's cumulative exposure so far
   * @param prior the state returned by the previous look; {@code null} (or {@link
   *     SequentialState#start}) for a new candidate
   * @throws IllegalArgumentException when a cumulative reading went down within a stage
   */
  public StageResult analyze(AnalysisPlan plan, StageData data, SequentialState prior) {
    List<String> notes = new ArrayList<>();
    SequentialState.Settings settings = SequentialState.Settings.of(plan);
    SequentialState state = prior == null ? SequentialState.start(plan) : prior;
    if (!state.settings().equals(settings)) {
      if (state.looks() > 0) {
        notes.add("analysis settings changed, the sequential test restarted from this look");
      }
      state = SequentialState.start(plan);
    }
    boolean newStage = state.stage() != data.stage();
    int grid = settings.alternatives().size();

    // 1. feed the increments to the sequential test
    TreeSet<String> names = new TreeSet<>(state.conditions().keySet());
    names.addAll(data.conditions().keySet());
    SortedMap<String, ConditionState> next = new TreeMap<>();
    SortedMap<String, ConditionExposure> now = new TreeMap<>();
    boolean changed = false;
    for (String name : names) {
      ConditionState prev = state.conditions().get(name);
      if (prev == null) {
        prev = ConditionState.fresh(grid);
      }
      ConditionExposure seen =
          newStage
              ? ConditionExposure.NONE
              : new ConditionExposure(prev.candidateSeen(), prev.stableSeen());
      ConditionExposure cur = data.conditions().getOrDefault(name, seen);
      Exposure dc;
      Exposure ds;
      try {
        dc = cur.candidate().since(seen.candidate());
        ds = cur.stable().since(seen.stable());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "stage " + data.stage() + ", condition " + name + ": " + e.getMessage(), e);
      }
      changed |= !dc.equals(Exposure.NONE) || !ds.equals(Exposure.NONE);
      double[] lr = prev.logLrArray();
      double[] add =
          MixtureSprt.logLikelihoodRatios(dc, ds, settings.nullRatio(), settings.alternatives());
      for (int g = 0; g < grid; g++) {
        lr[g] += add[g];
      }
      next.put(name, new ConditionState(cur.candidate(), cur.stable(), boxed(lr), prev.tested()));
      now.put(name, cur);
    }

    // 2. hand out the Bonferroni slots, in name order, to conditions with enough exposure
    if (settings.perCondition()) {
      long used = next.values().stream().filter(ConditionState::tested).count();
      for (String name : names) {
        ConditionState cs = next.get(name);
        double km = now.get(name).candidate().km();
        if (!cs.tested()
            && !name.equals(StageData.ALL)
            && used < settings.conditionSlots()
            && km > 0
            && km >= plan.minConditionKm()) {
          next.put(name, new ConditionState(cs.candidateSeen(), cs.stableSeen(), cs.logLr(), true));
          used++;
        }
      }
    }
    int look = state.looks() + (changed ? 1 : 0);
    SequentialState nextState = new SequentialState(settings, data.stage(), look, next);

    // 3. the statistics
    double[] overallLr = new double[grid];
    for (ConditionState cs : next.values()) {
      double[] lr = cs.logLrArray();
      for (int g = 0; g < grid; g++) {
        overallLr[g] += lr[g];
      }
    }
    double overallP = MixtureSprt.sequentialP(overallLr);
    double overallAlpha = plan.overallAlpha();
    double conditionAlpha = plan.conditionAlpha();
    Exposure candidate = data.candidate();
    Exposure stable = data.stable();
    RateEstimate rate = candidate.km() > 0 ? Rates.rate(candidate, plan.confidence()) : null;
    Double baseline = stable.km() > 0 ? stable.per1000Km() : null;

    List<ConditionResult> conditions = new ArrayList<>();
    for (String name : names) {
      ConditionState cs = next.get(name);
      ConditionExposure cur = now.get(name);
      if (cur.candidate().km() == 0 && cur.stable().km() == 0 && !cs.tested()) {
        continue; // not driven in this stage and never judged: nothing to show
      }
      double p = MixtureSprt.sequentialP(cs.logLrArray());
      Judgement judgement;
      if (!settings.perCondition() || name.equals(StageData.ALL)) {
        judgement = Judgement.NOT_SPLIT;
      } else if (cs.tested()) {
        boolean enough = cur.candidate().km() > 0 && cur.candidate().km() >= plan.minConditionKm();
        judgement = enough ? Judgement.JUDGED : Judgement.TOO_LITTLE_EXPOSURE;
      } else {
        long used = next.values().stream().filter(ConditionState::tested).count();
        judgement =
            used >= settings.conditionSlots() ? Judgement.NO_SLOT : Judgement.TOO_LITTLE_EXPOSURE;
      }
      boolean judged = judgement == Judgement.JUDGED;
      conditions.add(
          new ConditionResult(
              name,
              cur.candidate(),
              cur.stable(),
              cur.candidate().km() > 0 ? cur.candidate().per1000Km() : null,
              cur.stable().km() > 0 ? cur.stable().per1000Km() : null,
              p,
              judgement,
              judged ? conditionAlpha : 0,
              judged && p <= conditionAlpha));
    }
    conditions.sort(
        Comparator.comparingDouble(ConditionResult::sequentialP)
            .thenComparing(ConditionResult::condition));

    // 4. the verdict
    boolean split = !(names.size() == 1 && names.contains(StageData.ALL));
    double minKm = Math.max(plan.minExposureKm(), data.stageMinKm());
    Verdict verdict;
    String reason;
    List<ConditionResult> regressed =
        conditions.stream().filter(ConditionResult::regression).toList();
    boolean overallRegressed = overallP <= overallAlpha;
    if (candidate.km() <= 0) {
      verdict = Verdict.INCONCLUSIVE;
      reason = "no exposure yet: the candidate has not driven in this stage";
    } else if (candidate.km() < plan.minExposureKm()) {
      verdict = Verdict.INCONCLUSIVE;
      reason =
          "not enough exposure: "
              + Words.km(candidate.km())
              + " of "
              + Words.km(plan.minExposureKm())
              + " km";
    } else if (overallRegressed || !regressed.isEmpty()) {
      verdict = Verdict.FAIL;
      reason = failReason(plan, look, rate, stable, overallP, overallRegressed, regressed);
    } else {
      boolean pass = candidate.km() >= minKm;
      verdict = pass ? Verdict.PASS : Verdict.INCONCLUSIVE;
      StringBuilder r = new StringBuilder();
      r.append(pass ? "" : "no regression so far: ");
      r.append(arms(rate, stable));
      r.append(" over ").append(Words.km(candidate.km()));
      if (!pass) {
        r.append(" of ").append(Words.km(minKm));
      }
      r.append(" km");
      if (pass) {
        r.append(": ").append(hypothesis(plan));
      }
      r.append(" (look ")
          .append(look)
          .append(", sequential p ")
          .append(Words.p(overallP))
          .append(", limit ")
          .append(Words.p(overallAlpha))
          .append(")");
      if (stable.km() <= 0) {
        r.append("; no stable exposure in this stage, the comparison rests on earlier stages");
      }
      if (split) {
        r.append(withinBounds(plan, conditions));
      }
      reason = r.toString();
    }
    if (!notes.isEmpty()) {
      reason = String.join("; ", notes) + "; " + reason;
    }
    return new StageResult(
        data.stage(),
        verdict,
        reason,
        candidate.km(),
        candidate.interventions(),
        rate == null ? null : rate.per1000Km(),
        rate == null ? null : rate.ciLow(),
        rate == null ? null : rate.ciHigh(),
        baseline,
        look,
        overallP,
        overallAlpha,
        conditions,
        nextState);
  }

  private static String failReason(
      AnalysisPlan plan,
      int look,
      RateEstimate rate,
      Exposure stable,
      double overallP,
      boolean overallRegressed,
      List<ConditionResult> regressed) {
    StringBuilder r = new StringBuilder("regression");
    List<String> names = regressed.stream().map(ConditionResult::condition).toList();
    if (overallRegressed && !names.isEmpty()) {
      r.append(" overall and in ").append(join(names));
    } else if (!names.isEmpty()) {
      r.append(" in ").append(join(names));
    }
    r.append(" at ").append(Words.percent(plan.confidence())).append(" (look ").append(look);
    r.append("): ");
    List<String> parts = new ArrayList<>();
    if (overallRegressed) {
      parts.add(
          arms(rate, stable)
              + " over "
              + Words.km(rate.exposure().km())
              + " km"
              + times(rate.per1000Km(), stable)
              + ", sequential p "
              + Words.p(overallP)
              + ", limit "
              + Words.p(plan.overallAlpha()));
    }
    for (ConditionResult c : regressed) {
      parts.add(
          c.condition()
              + ": "
              + arms(c.interval(plan.confidence()), c.stable())
              + " over "
              + Words.km(c.candidate().km())
              + " km"
              + times(c.rate(), c.stable())
              + ", sequential p "
              + Words.p(c.sequentialP())
              + ", limit "
              + Words.p(c.alpha()));
    }
    if (!overallRegressed) {
      parts.add(
          "overall "
              + Words.rate(rate.per1000Km())
              + " vs "
              + (stable.km() > 0 ? Words.rate(stable.per1000Km()) : "n/a")
              + " /1000 km over "
              + Words.km(rate.exposure().km())
              + " km, sequential p "
              + Words.p(overallP));
    }
    return r.append(String.join("; ", parts)).toString();
  }

  /** {@code candidate 0.84 /1000 km [0.61, 1.13] vs stable 0.79 /1000 km}. */
  private static String arms(RateEstimate candidate, Exposure stable) {
    String c = "candidate " + Words.rateWithBounds(candidate);
    if (stable.km() <= 0) {
      return c;
    }
    return c + " vs stable " + Words.rate(stable.per1000Km()) + " /1000 km";
  }

  /** {@code , 4.9x the stable rate}. */
  private static String times(double candidateRate, Exposure stable) {
    if (stable.km() <= 0) {
      return "";
    }
    if (stable.interventions() == 0) {
      return ", the stable had none";
    }
    return ", " + Words.ratio(candidateRate / stable.per1000Km()) + " the stable rate";
  }

  private static String hypothesis(AnalysisPlan plan) {
    String beyond =
        plan.maxRelativeRegression() > 0
            ? " beyond +" + Words.percent(plan.maxRelativeRegression())
            : "";
    return "no regression" + beyond + " at " + Words.percent(plan.confidence());
  }

  /** {@code ; fog: 2.10 vs 1.90, within bounds; ...}. */
  private static String withinBounds(AnalysisPlan plan, List<ConditionResult> conditions) {
    StringBuilder r = new StringBuilder();
    int shown = 0;
    int moreJudged = 0;
    List<String> thin = new ArrayList<>();
    List<String> noSlot = new ArrayList<>();
    for (ConditionResult c : conditions) {
      switch (c.judgement()) {
        case JUDGED, NOT_SPLIT -> {
          if (shown < CONDITIONS_IN_REASON) {
            r.append("; ")
                .append(c.condition())
                .append(": ")
                .append(c.rate() == null ? "n/a" : Words.rate(c.rate()))
                .append(" vs ")
                .append(c.baselineRate() == null ? "n/a" : Words.rate(c.baselineRate()))
                .append(c.judgement() == Judgement.JUDGED ? ", within bounds" : "");
            shown++;
          } else {
            moreJudged++;
          }
        }
        case TOO_LITTLE_EXPOSURE -> thin.add(c.condition());
        case NO_SLOT -> noSlot.add(c.condition());
      }
    }
    if (moreJudged > 0) {
      r.append("; ").append(moreJudged).append(" more within bounds");
    }
    if (!thin.isEmpty()) {
      Collections.sort(thin);
      r.append("; too little exposure to judge alone: ").append(String.join(", ", thin));
      if (plan.minConditionKm() > 0) {
        r.append(" (under ").append(Words.km(plan.minConditionKm())).append(" km)");
      }
    }
    if (!noSlot.isEmpty()) {
      Collections.sort(noSlot);
      r.append("; judged only overall, all ")
          .append(plan.conditionSlots())
          .append(" condition slots taken: ")
          .append(String.join(", ", noSlot));
    }
    return r.toString();
  }

  private static String join(List<String> items) {
    if (items.size() <= 1) {
      return String.join("", items);
    }
    return String.join(", ", items.subList(0, items.size() - 1))
        + " and "
        + items.get(items.size() - 1);
  }

  private static List<Double> boxed(double[] values) {
    List<Double> out = new ArrayList<>(values.length);
    for (double v : values) {
      out.add(v);
    }
    return out;
  }
}
