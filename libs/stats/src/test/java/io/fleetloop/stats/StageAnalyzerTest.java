package io.fleetloop.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fleetloop.stats.ConditionResult.Judgement;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StageAnalyzerTest {

  private final StageAnalyzer analyzer = new StageAnalyzer();
  private final AnalysisPlan plan = AnalysisPlan.defaults();

  /** A clean 1% stage: the candidate drives like the stable, in every condition. */
  private static StageData.Builder cleanFirstStage() {
    return StageData.builder(0)
        .minKm(5000)
        .condition("clear", 3647, 2, 361_053, 217)
        .condition("rain", 938, 1, 92_862, 93)
        .condition("snow", 469, 1, 46_431, 70)
        .condition("fog", 156, 0, 15_444, 31);
  }

  /**
   * A 10% stage whose average looks acceptable but whose fog is ten times worse: the candidate is a
   * little better in clear weather, and fog is 3% of the km.
   */
  private static StageData hiddenFogRegression() {
    return StageData.builder(1)
        .minKm(20_000)
        .condition("clear", 19_400, 12, 174_600, 140)
        .condition("fog", 600, 12, 5_400, 11)
        .build();
  }

  @Test
  void noVerdictBeforeTheMinimumExposureHoweverBadItLooks() {
    StageData data = StageData.builder(0).minKm(5000).total(1250, 30, 123_750, 99).build();

    StageResult r = analyzer.analyze(plan, data, null);

    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.reason()).isEqualTo("not enough exposure: 1,250 of 2,000 km");
    // the figures are reported all the same
    assertThat(r.km()).isEqualTo(1250);
    assertThat(r.interventions()).isEqualTo(30);
    assertThat(r.rate()).isCloseTo(24.0, within(1e-9));
    assertThat(r.baselineRate()).isCloseTo(0.8, within(1e-9));
    // and the evidence is kept for later looks
    assertThat(r.sequentialP()).isLessThan(1e-6);
  }

  @Test
  void noVerdictWithoutAnyExposure() {
    AnalysisPlan noGuard = AnalysisPlan.of(0.95, 0, 0, true);

    StageResult r = analyzer.analyze(noGuard, StageData.builder(0).build(), null);

    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.reason()).isEqualTo("no exposure yet: the candidate has not driven in this stage");
    assertThat(r.rate()).isNull();
    assertThat(r.ciLow()).isNull();
    assertThat(r.baselineRate()).isNull();
  }

  @Test
  void aPoisonedCandidateFailsOnceTheGuardIsPassed() {
    StageData data = StageData.builder(0).minKm(5000).total(2100, 17, 207_900, 166).build();

    StageResult r = analyzer.analyze(plan, data, null);

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason())
        .startsWith(
            "regression at 95% (look 1): candidate 8.10 /1000 km [4.72, 12.96] vs stable 0.80"
                + " /1000 km over 2,100 km, 10x the stable rate, sequential p ")
        .endsWith(", limit 0.025");
    assertThat(r.sequentialP()).isLessThan(r.overallAlpha());
    assertThat(r.ciLow()).isCloseTo(r.rate() * 0.5827, within(0.01));
  }

  @Test
  void passesWhenTheStageMinimumIsDrivenWithoutARegression() {
    StageResult r = analyzer.analyze(plan, cleanFirstStage().build(), null);

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.km()).isCloseTo(5210, within(1e-9));
    assertThat(r.interventions()).isEqualTo(4);
    assertThat(r.rate()).isCloseTo(4 * 1000 / 5210.0, within(1e-9));
    assertThat(r.baselineRate()).isCloseTo(411 * 1000 / 515_790.0, within(1e-9));
    assertThat(r.reason())
        .startsWith(
            "candidate 0.77 /1000 km [0.21, 1.97] vs stable 0.80 /1000 km over 5,210 km:"
                + " no regression at 95% (look 1, sequential p 1, limit 0.025); ")
        .contains("fog: 0.00 vs 2.01, within bounds")
        .contains("clear: 0.55 vs 0.60, within bounds");
    assertThat(r.conditions())
        .extracting(ConditionResult::judgement)
        .containsOnly(Judgement.JUDGED);
  }

  @Test
  void keepsDrivingBetweenTheGuardAndTheStageMinimum() {
    StageData data = StageData.builder(0).minKm(5000).total(3100, 2, 306_900, 245).build();

    StageResult r = analyzer.analyze(plan, data, null);

    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.reason())
        .startsWith(
            "no regression so far: candidate 0.65 /1000 km [0.08, 2.33] vs stable 0.80 /1000 km"
                + " over 3,100 of 5,000 km (look 1, sequential p 1, limit 0.025)");
  }

  @Test
  void aRegressionInFogCannotHideInTheAverage() {
    StageResult split = analyzer.analyze(plan, hiddenFogRegression(), null);

    assertThat(split.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(split.regressedConditions()).containsExactly("fog");
    // the overall test alone would not have rolled back
    assertThat(split.sequentialP()).isGreaterThan(split.overallAlpha());
    assertThat(split.reason())
        .startsWith(
            "regression in fog at 95% (look 1): fog: candidate 20.00 /1000 km [10.33, 34.94] vs"
                + " stable 2.04 /1000 km over 600 km, 9.8x the stable rate, sequential p ")
        .contains(", limit 0.0031; overall 1.20 vs 0.84 /1000 km over 20,000 km, sequential p ");

    // judged only on the average, the same data passes the stage
    StageResult average =
        analyzer.analyze(AnalysisPlan.of(0.95, 0, 2000, false), hiddenFogRegression(), null);
    assertThat(average.verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void aConditionNeedsItsOwnExposureBeforeItAloneCanFailTheStage() {
    AnalysisPlan thin = plan.withMinConditionKm(1000);

    StageResult r = analyzer.analyze(thin, hiddenFogRegression(), null);

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.conditions())
        .filteredOn(c -> c.condition().equals("fog"))
        .singleElement()
        .satisfies(c -> assertThat(c.judgement()).isEqualTo(Judgement.TOO_LITTLE_EXPOSURE));
    assertThat(r.reason()).contains("too little exposure to judge alone: fog (under 1,000 km)");
  }

  @Test
  void conditionsBeyondTheSlotsCountOnlyOverall() {
    AnalysisPlan twoSlots = plan.withConditionSlots(2);

    StageResult r = analyzer.analyze(twoSlots, cleanFirstStage().build(), null);

    // slots go in name order: clear, fog; rain and snow are judged only overall
    assertThat(r.conditions())
        .filteredOn(c -> c.judgement() == Judgement.NO_SLOT)
        .extracting(ConditionResult::condition)
        .containsExactlyInAnyOrder("rain", "snow");
    assertThat(r.reason()).contains("judged only overall, all 2 condition slots taken: rain, snow");
    assertThat(twoSlots.conditionAlpha()).isCloseTo(0.0125, within(1e-12));
  }

  @Test
  void evidenceCarriesAcrossStages() {
    StageData first = StageData.builder(0).minKm(5000).total(5000, 9, 495_000, 396).build();
    StageData second = StageData.builder(1).minKm(20_000).total(2500, 4, 22_500, 18).build();

    StageResult afterFirst = analyzer.analyze(plan, first, null);
    StageResult carried = analyzer.analyze(plan, second, afterFirst.state());
    StageResult alone = analyzer.analyze(plan, second, null);

    assertThat(afterFirst.verdict()).isEqualTo(Verdict.PASS);
    assertThat(carried.look()).isEqualTo(2);
    assertThat(carried.state().stage()).isEqualTo(1);
    // the 10% stage's own figures, the release's evidence
    assertThat(carried.km()).isEqualTo(2500);
    assertThat(carried.sequentialP()).isLessThan(alone.sequentialP());
  }

  @Test
  void aStoredStateResumesTheSameTest() {
    StageData.Builder look1 = StageData.builder(0).minKm(5000).total(1000, 4, 99_000, 80);
    StageData look2 = StageData.builder(0).minKm(5000).total(2000, 9, 198_000, 160).build();
    StageData look3 = StageData.builder(0).minKm(5000).total(3000, 15, 297_000, 240).build();

    SequentialState s1 = analyzer.analyze(plan, look1.build(), null).state();
    SequentialState s2 = analyzer.analyze(plan, look2, s1).state();
    StageResult uninterrupted = analyzer.analyze(plan, look3, s2);
    // an operator restarts with what it stored in the status: a copy of the record's values
    SequentialState stored =
        new SequentialState(s2.settings(), s2.stage(), s2.looks(), new TreeMap<>(s2.conditions()));
    StageResult resumed = new StageAnalyzer().analyze(plan, look3, stored);

    assertThat(resumed).isEqualTo(uninterrupted);
    assertThat(resumed.look()).isEqualTo(3);
  }

  @Test
  void aLookWithoutNewDataChangesNothing() {
    StageResult first = analyzer.analyze(plan, cleanFirstStage().build(), null);
    StageResult again = analyzer.analyze(plan, cleanFirstStage().build(), first.state());

    assertThat(again.state()).isEqualTo(first.state());
    assertThat(again.look()).isEqualTo(1);
    assertThat(again.reason()).isEqualTo(first.reason());
  }

  @Test
  void aReadingThatGoesDownWithinAStageIsRefused() {
    SequentialState s = analyzer.analyze(plan, cleanFirstStage().build(), null).state();
    StageData lower = StageData.builder(0).minKm(5000).condition("fog", 100, 0, 15_444, 31).build();

    assertThatThrownBy(() -> analyzer.analyze(plan, lower, s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("condition fog")
        .hasMessageContaining("went down");
  }

  @Test
  void changedSettingsRestartTheTestAndSaySo() {
    SequentialState s = analyzer.analyze(plan, cleanFirstStage().build(), null).state();
    AnalysisPlan looser = AnalysisPlan.of(0.95, 0.1, 2000, true);

    StageResult r = analyzer.analyze(looser, cleanFirstStage().build(), s);

    assertThat(r.reason())
        .startsWith("analysis settings changed, the sequential test restarted from this look; ")
        .contains("no regression beyond +10% at 95%");
    assertThat(r.look()).isEqualTo(1);
    assertThat(r.state().settings().nullRatio()).isEqualTo(1.1);
  }

  @Test
  void theLastStageHasNoConcurrentStableAndPassesOnEarlierEvidence() {
    StageData full = StageData.builder(3).total(2500, 2, 0, 0).build();

    StageResult r = analyzer.analyze(plan, full, null);

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.baselineRate()).isNull();
    assertThat(r.reason())
        .startsWith("candidate 0.80 /1000 km [0.10, 2.89] over 2,500 km: no regression at 95%")
        .contains("no stable exposure in this stage, the comparison rests on earlier stages");
  }

  @Test
  void theAlphaSplitKeepsTheWholeReleaseAtAlpha() {
    assertThat(plan.overallAlpha() + plan.conditionSlots() * plan.conditionAlpha())
        .isCloseTo(plan.alpha(), within(1e-12));
    AnalysisPlan overallOnly = AnalysisPlan.of(0.9, 0, 2000, false);
    assertThat(overallOnly.overallAlpha()).isCloseTo(0.1, within(1e-12));
  }
}
