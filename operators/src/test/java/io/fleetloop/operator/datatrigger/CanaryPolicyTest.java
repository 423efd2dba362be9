package io.fleetloop.operator.datatrigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.DataTriggerRolloutStatus;
import io.fleetloop.api.v1alpha1.DataTriggerStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CanaryPolicyTest {

  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private static final CanaryPolicy POLICY = new CanaryPolicy(3, Duration.ofMinutes(10));
  private static final CanaryPolicy.Budget BUDGET = new CanaryPolicy.Budget(20, 64L << 20, "64Mi");

  private static TriggerStatsSource.Stats stats(
      long reporting, double firingsPerDay, double bytesPerDay) {
    double days = reporting;
    return new TriggerStatsSource.Stats(
        true,
        5,
        100,
        reporting,
        reporting,
        Math.round(firingsPerDay * days),
        Math.round(firingsPerDay * days),
        Math.round(bytesPerDay * days),
        days,
        firingsPerDay,
        bytesPerDay);
  }

  private static DataTriggerRolloutStatus canary(long generation, Instant since) {
    return new DataTriggerRolloutStatus()
        .withPhase(DataTriggerRolloutStatus.CANARY)
        .withGeneration(generation)
        .withPercent(5)
        .withSince(since.toString());
  }

  @Test
  void aNewGenerationStartsOnItsCanary() {
    CanaryPolicy.Decision d = POLICY.decide(1, 5, BUDGET, null, stats(0, 0, 0), T0);

    assertThat(d.started()).isTrue();
    assertThat(d.promoted()).isFalse();
    assertThat(d.rollout().getPhase()).isEqualTo(DataTriggerRolloutStatus.CANARY);
    assertThat(d.rollout().getGeneration()).isEqualTo(1);
    assertThat(d.rollout().getPercent()).isEqualTo(5);
    assertThat(d.rollout().getSince()).isEqualTo(T0.toString());
    assertThat(d.distributed().status()).isEqualTo(ConditionTypes.FALSE);
    assertThat(d.distributed().reason()).isEqualTo(DataTriggerStatus.REASON_CANARY);
    assertThat(d.distributed().message()).contains("5% canary", "at least 3 devices");
  }

  @Test
  void aChangedGenerationStartsAgainEvenAfterPromotion() {
    DataTriggerRolloutStatus complete =
        new DataTriggerRolloutStatus()
            .withPhase(DataTriggerRolloutStatus.COMPLETE)
            .withGeneration(1L)
            .withPercent(100)
            .withSince(T0.toString());

    CanaryPolicy.Decision d =
        POLICY.decide(2, 5, BUDGET, complete, stats(10, 1, 1), T0.plusSeconds(3600));

    assertThat(d.started()).isTrue();
    assertThat(d.rollout().getPhase()).isEqualTo(DataTriggerRolloutStatus.CANARY);
    assertThat(d.rollout().getGeneration()).isEqualTo(2);
  }

  @Test
  void withinBudgetItWaitsForTheObservationTimeThenPromotes() {
    DataTriggerRolloutStatus since = canary(1, T0);

    CanaryPolicy.Decision early =
        POLICY.decide(1, 5, BUDGET, since, stats(5, 2, 1024), T0.plusSeconds(60));
    CanaryPolicy.Decision later =
        POLICY.decide(1, 5, BUDGET, since, stats(5, 2, 1024), T0.plus(Duration.ofMinutes(10)));

    assertThat(early.promoted()).isFalse();
    assertThat(early.distributed().reason()).isEqualTo(DataTriggerStatus.REASON_CANARY);
    assertThat(early.distributed().message()).contains("within budget so far");
    assertThat(later.promoted()).isTrue();
    assertThat(later.started()).isFalse();
    assertThat(later.rollout().getPhase()).isEqualTo(DataTriggerRolloutStatus.COMPLETE);
    assertThat(later.rollout().getPercent()).isEqualTo(100);
    assertThat(later.distributed().status()).isEqualTo(ConditionTypes.TRUE);
    assertThat(later.distributed().reason()).isEqualTo(DataTriggerStatus.REASON_DEPLOYED);
  }

  @Test
  void overBudgetItStaysInCanaryWithTheFiguresInTheMessage() {
    CanaryPolicy.Decision firing =
        POLICY.decide(
            1, 5, BUDGET, canary(1, T0), stats(12, 37, 1024), T0.plus(Duration.ofHours(1)));
    CanaryPolicy.Decision heavy =
        POLICY.decide(
            1,
            5,
            BUDGET,
            canary(1, T0),
            stats(12, 3, 70.0 * (1 << 20)),
            T0.plus(Duration.ofHours(1)));

    assertThat(firing.promoted()).isFalse();
    assertThat(firing.rollout().getPhase()).isEqualTo(DataTriggerRolloutStatus.CANARY);
    assertThat(firing.distributed().status()).isEqualTo(ConditionTypes.FALSE);
    assertThat(firing.distributed().reason())
        .isEqualTo(DataTriggerStatus.REASON_CANARY_OVER_BUDGET);
    assertThat(firing.distributed().message())
        .startsWith("37 firings/device/day > budget 20 (clipsPerDevicePerDay)");
    assertThat(heavy.distributed().message())
        .startsWith("70Mi uploaded/device/day > budget 64Mi (bytesPerDevicePerDay)");
  }

  @Test
  void tooFewReportingDevicesGiveNoVerdictEvenOverBudget() {
    CanaryPolicy.Decision d =
        POLICY.decide(1, 5, BUDGET, canary(1, T0), stats(2, 500, 0), T0.plus(Duration.ofHours(1)));

    assertThat(d.distributed().reason()).isEqualTo(DataTriggerStatus.REASON_CANARY);
    assertThat(d.promoted()).isFalse();
  }

  @Test
  void aHundredPercentCanaryIsNoCanary() {
    CanaryPolicy.Decision d = POLICY.decide(1, 100, BUDGET, null, stats(0, 0, 0), T0);

    assertThat(d.started()).isTrue();
    assertThat(d.rollout().getPhase()).isEqualTo(DataTriggerRolloutStatus.COMPLETE);
    assertThat(d.distributed().status()).isEqualTo(ConditionTypes.TRUE);
    assertThat(d.distributed().message()).contains("no canary");
  }

  @Test
  void aPromotedGenerationStaysPromoted() {
    DataTriggerRolloutStatus complete =
        new DataTriggerRolloutStatus()
            .withPhase(DataTriggerRolloutStatus.COMPLETE)
            .withGeneration(1L)
            .withPercent(100)
            .withSince(T0.toString());

    CanaryPolicy.Decision d = POLICY.decide(1, 5, BUDGET, complete, stats(50, 90, 0), T0);

    assertThat(d.rollout().getPhase()).isEqualTo(DataTriggerRolloutStatus.COMPLETE);
    assertThat(d.rollout().getSince()).isEqualTo(T0.toString());
    assertThat(d.started()).isFalse();
    assertThat(d.promoted()).isFalse();
  }
}
