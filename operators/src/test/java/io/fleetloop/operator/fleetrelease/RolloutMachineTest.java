package io.fleetloop.operator.fleetrelease;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.AnalysisSpec;
import io.fleetloop.api.v1alpha1.FleetReleaseRollout;
import io.fleetloop.api.v1alpha1.FleetReleaseSpec;
import io.fleetloop.api.v1alpha1.FleetReleaseStatus;
import io.fleetloop.api.v1alpha1.FleetloopApi;
import io.fleetloop.api.v1alpha1.GenerationRecord;
import io.fleetloop.api.v1alpha1.ReleaseModel;
import io.fleetloop.api.v1alpha1.RollbackSpec;
import io.fleetloop.api.v1alpha1.RolloutStage;
import io.fleetloop.api.v1alpha1.ShadowSpec;
import io.fleetloop.api.v1alpha1.StageAnalysis;
import io.fleetloop.audit.api.event.ReleaseFrozen;
import io.fleetloop.audit.api.event.ReleasePaused;
import io.fleetloop.audit.api.event.ReleasePromoted;
import io.fleetloop.audit.api.event.ReleaseRolledBack;
import io.fleetloop.audit.api.event.ShadowStarted;
import io.fleetloop.audit.api.event.StageAdvanced;
import io.fleetloop.operator.common.Finding;
import io.fleetloop.stats.Exposure;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RolloutMachineTest {

  private static final String V1 = "policy-g3";
  private static final String V2 = "policy-g4";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RolloutMachine machine = new RolloutMachine();
  private final TreeMap<ExposureReadings.Key, Exposure> fleet = new TreeMap<>();
  private FleetReleaseSpec spec;
  private FleetReleaseStatus status;
  private Instant now = Instant.parse("2026-11-21T10:00:00Z");
  private String action;

  @BeforeEach
  void aReleaseOnV1() {
    spec =
        new FleetReleaseSpec()
            .withModel(model(V1))
            .withStages(
                List.of(
                    new RolloutStage().withPercent(1).withMinKm(3000L).withMaxDuration("2h"),
                    new RolloutStage().withPercent(10).withMinKm(3000L),
                    new RolloutStage().withPercent(100)))
            .withAnalysis(new AnalysisSpec().withMinExposureKm(2000L));
    status = new FleetReleaseStatus();
    RolloutMachine.Step first = look();
    assertThat(status.getStableVersion()).isEqualTo(V1);
    assertThat(progressing(first).reason()).isEqualTo(RolloutMachine.REASON_STABLE);
  }

  @Test
  void aGoodCandidateAdvancesStageByStageAndIsPromoted() {
    spec.setModel(model(V2));
    RolloutMachine.Step started = look();
    assertThat(status.getCurrentStage()).isZero();
    assertThat(status.getCandidateVersion()).isEqualTo(V2);
    // audit events number stages as StageAdvanced's javadoc says: 0 = shadow (none here),
    // spec.stages[i] = i + 1
    assertThat(started.facts())
        .singleElement()
        .extracting(RolloutMachine.Fact::event)
        .isInstanceOfSatisfying(
            StageAdvanced.class,
            e -> {
              assertThat(e.fromStage()).isZero();
              assertThat(e.toStage()).isEqualTo(1);
              assertThat(e.cohort().name()).isEqualTo("stage-1");
              assertThat(e.cohort().percent()).isEqualTo(1);
            });

    // same rate on both arms (0.8 /1000 km): each look 1,000 candidate km
    RolloutMachine.Step facts = null;
    for (int i = 0; i < 3; i++) {
      drive(V2, "clear", 1000, 1);
      drive(V1, "clear", 10_000, 8);
      facts = look();
    }
    assertThat(status.getCurrentStage()).isEqualTo(1);
    assertThat(facts.facts())
        .singleElement()
        .extracting(RolloutMachine.Fact::event)
        .isInstanceOfSatisfying(
            StageAdvanced.class,
            e -> {
              assertThat(e.fromStage()).isEqualTo(1);
              assertThat(e.toStage()).isEqualTo(2);
              assertThat(e.cohort().percent()).isEqualTo(10);
            });
    StageAnalysis s0 = status.getAnalysis().get(0);
    assertThat(s0.getVerdict()).isEqualTo("Pass");
    assertThat(s0.getKm()).isEqualTo(3000.0);
    assertThat(s0.getBaselineRate()).isEqualTo(0.8);

    for (int i = 0; i < 3; i++) {
      drive(V2, "clear", 1000, 1);
      drive(V1, "clear", 9000, 7);
      look();
    }
    assertThat(status.getCurrentStage()).isEqualTo(2);
    drive(V2, "clear", 2500, 2);
    RolloutMachine.Step promoted = look();

    assertThat(status.getStableVersion()).isEqualTo(V2);
    assertThat(status.getCandidateVersion()).isNull();
    assertThat(status.getRollout().getPhase()).isEqualTo(FleetReleaseRollout.STABLE);
    assertThat(status.getRollout().getPrevious().getVersion()).isEqualTo(V1);
    assertThat(status.getHistory())
        .extracting(GenerationRecord::getOutcome)
        .containsExactly(GenerationRecord.OUTCOME_PROMOTED);
    assertThat(promoted.facts())
        .singleElement()
        .extracting(RolloutMachine.Fact::event)
        .isInstanceOf(ReleasePromoted.class);
    // the next look is quiet: stable, nothing to record
    assertThat(look().facts()).isEmpty();
  }

  @Test
  void aPoisonedCandidateIsRolledBackInTheFirstStageAndNotRestarted() {
    spec.setModel(model(V2));
    look();
    drive(V2, "clear", 2100, 17); // 8 /1000 km against 0.8
    drive(V1, "clear", 200_000, 160);
    RolloutMachine.Step step = look();

    assertThat(status.getRollout().getPhase()).isEqualTo(FleetReleaseRollout.ROLLED_BACK);
    assertThat(status.getCandidateVersion()).isNull();
    assertThat(status.getStableVersion()).isEqualTo(V1);
    assertThat(step.facts())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.event()).isInstanceOf(ReleaseRolledBack.class);
              assertThat(((ReleaseRolledBack) f.event()).measured()).isNotEmpty();
              // spec.stages[0] is stage 1 in the audit log
              assertThat(((ReleaseRolledBack) f.event()).stage()).isEqualTo(1);
            });
    assertThat(condition(step, FleetReleaseStatus.ROLLED_BACK).status())
        .isEqualTo(ConditionTypes.TRUE);
    assertThat(status.getAnalysis().get(0).getVerdict()).isEqualTo("Fail");
    assertThat(status.getAnalysis().get(0).getReason()).startsWith("regression");
    assertThat(look().facts()).as("the rolled-back version does not start again").isEmpty();
    assertThat(status.getRollout().getPhase()).isEqualTo(FleetReleaseRollout.ROLLED_BACK);
  }

  @Test
  void noVerdictBeforeTheMinimumExposure() {
    spec.setModel(model(V2));
    look();
    drive(V2, "clear", 1500, 15); // terrible, but only 1,500 of 2,000 km
    drive(V1, "clear", 100_000, 80);
    RolloutMachine.Step step = look();
    assertThat(status.getRollout().getPhase()).isEqualTo(FleetReleaseRollout.CANARY);
    assertThat(status.getAnalysis().get(0).getVerdict()).isEqualTo("Inconclusive");
    assertThat(progressing(step).message()).contains("not enough exposure: 1,500 of 2,000 km");
  }

  @Test
  void aRegressionInOneConditionFailsTheStage() {
    spec.setModel(model(V2));
    look();
    drive(V2, "clear", 2000, 1);
    drive(V2, "fog", 500, 10); // 20 /1000 km in fog against 2
    drive(V1, "clear", 200_000, 120);
    drive(V1, "fog", 50_000, 100);
    RolloutMachine.Step step = look();
    assertThat(status.getRollout().getPhase()).isEqualTo(FleetReleaseRollout.ROLLED_BACK);
    assertThat(((ReleaseRolledBack) step.facts().get(0).event()).rule()).contains("fog");
  }

  @Test
  void onUnsafeFreezeHoldsTheCandidateWhereItIs() {
    spec.setRollback(new RollbackSpec().withOnUnsafe(RollbackSpec.ON_UNSAFE_FREEZE));
    spec.setModel(model(V2));
    look();
    drive(V2, "clear", 2100, 17);
    drive(V1, "clear", 200_000, 160);
    RolloutMachine.Step step = look();
    assertThat(status.getRollout().getPhase()).isEqualTo(FleetReleaseRollout.FROZEN);
    assertThat(status.getCandidateVersion()).isEqualTo(V2);
    assertThat(status.getCurrentStage()).isZero();
    assertThat(step.facts().get(0).event()).isInstanceOf(ReleaseFrozen.class);
    assertThat(condition(step, FleetReleaseStatus.FROZEN).status()).isEqualTo(ConditionTypes.TRUE);

    action = "abort";
    RolloutMachine.Step aborted = look();
    assertThat(status.getRollout().getPhase()).isEqualTo(FleetReleaseRollout.ROLLED_BACK);
    assertThat(condition(aborted, FleetReleaseStatus.ACTION_ACCEPTED).reason())
        .isEqualTo(FleetReleaseStatus.REASON_ACTION_DONE);
    assertThat(look().facts()).as("an action is carried out once").isEmpty();

    action = null;
    look();
    action = "retry";
    look();
    assertThat(status.getRollout().getPhase()).isEqualTo(FleetReleaseRollout.CANARY);
    assertThat(status.getCurrentStage()).isZero();
    assertThat(status.getAnalysis())
        .singleElement()
        .returns("Inconclusive", StageAnalysis::getVerdict)
        .returns(0.0, StageAnalysis::getKm);
  }

  @Test
  void pausedHoldsAPassButNotARollback() {
    spec.setModel(model(V2));
    look();
    spec.setPaused(true);
    RolloutMachine.Step paused = look();
    assertThat(paused.facts())
        .singleElement()
        .extracting(RolloutMachine.Fact::event)
        .isInstanceOf(ReleasePaused.class);
    status.setConditions(
        List.of(condition(paused, FleetReleaseStatus.PAUSED)).stream()
            .map(
                f ->
                    new io.fleetloop.api.common.Condition()
                        .withType(f.type())
                        .withStatus(f.status())
                        .withReason(f.reason())
                        .withLastTransitionTime(now.toString()))
            .toList());
    for (int i = 0; i < 4; i++) {
      drive(V2, "clear", 1000, 1);
      drive(V1, "clear", 10_000, 8);
      look();
    }
    assertThat(status.getCurrentStage()).as("a pass waits for the pause").isZero();
    assertThat(status.getAnalysis().get(0).getVerdict()).isEqualTo("Pass");

    drive(V2, "clear", 1000, 40);
    drive(V1, "clear", 10_000, 8);
    RolloutMachine.Step failed = look();
    assertThat(status.getRollout().getPhase()).isEqualTo(FleetReleaseRollout.ROLLED_BACK);
    assertThat(condition(failed, FleetReleaseStatus.PAUSED).reason())
        .isEqualTo(RolloutMachine.REASON_ROLLBACK_NOT_PAUSED);
  }

  @Test
  void actionsThatDoNotApplyOrConflictChangeNothing() {
    action = "promote,abort";
    RolloutMachine.Step conflicting = look();
    assertThat(condition(conflicting, FleetReleaseStatus.ACTION_ACCEPTED).reason())
        .isEqualTo(FleetReleaseStatus.REASON_CONFLICTING_ACTIONS);
    action = "launch";
    assertThat(condition(look(), FleetReleaseStatus.ACTION_ACCEPTED).reason())
        .isEqualTo(FleetReleaseStatus.REASON_UNKNOWN_ACTION);
    action = "promote";
    RolloutMachine.Step nothing = look();
    assertThat(condition(nothing, FleetReleaseStatus.ACTION_ACCEPTED).reason())
        .isEqualTo(FleetReleaseStatus.REASON_ACTION_NOT_APPLICABLE);
    assertThat(nothing.facts()).isEmpty();
    assertThat(status.getStableVersion()).isEqualTo(V1);
  }

  /**
   * Issue #6 "no partial state": in every phase, a look with a refused action (unknown verb, two
   * verbs, a verb that does not apply) leaves the status exactly as a look without it does, but for
   * the ActionAccepted answer, and records exactly the same facts.
   */
  @Test
  void refusedActionsChangeNothingInAnyPhase() {
    // Canary, stage 0
    spec.setModel(model(V2));
    look();
    drive(V2, "clear", 500, 1);
    drive(V1, "clear", 5000, 4);
    assertRefusedWithoutEffect(FleetReleaseRollout.CANARY, "launch", "promote,abort", "undo");

    // RolledBack: promote and abort no longer apply (a rollback is not undone by an action)
    drive(V2, "clear", 2100, 17);
    drive(V1, "clear", 200_000, 160);
    look();
    assertRefusedWithoutEffect(
        FleetReleaseRollout.ROLLED_BACK, "launch", "retry,promote", "promote", "abort", "undo");

    // Frozen: undo does not apply while a candidate is held
    spec.setRollback(new RollbackSpec().withOnUnsafe(RollbackSpec.ON_UNSAFE_FREEZE));
    spec.setModel(model("policy-g5"));
    look();
    drive("policy-g5", "clear", 2100, 17);
    drive(V1, "clear", 200_000, 160);
    look();
    assertRefusedWithoutEffect(FleetReleaseRollout.FROZEN, "rollback", "abort promote", "undo");

    // Stable after a promotion: nothing to promote, abort or retry
    action = "promote";
    look();
    action = null;
    look();
    assertRefusedWithoutEffect(FleetReleaseRollout.STABLE, "promote", "abort", "retry");
  }

  private void assertRefusedWithoutEffect(String phase, String... refused) {
    assertThat(status.getRollout().getPhase()).isEqualTo(phase);
    for (String value : refused) {
      FleetReleaseStatus withAction = copy(status);
      FleetReleaseStatus without = copy(status);
      RolloutMachine.Step answered = lookAt(withAction, value);
      RolloutMachine.Step plain = lookAt(without, null);
      assertThat(condition(answered, FleetReleaseStatus.ACTION_ACCEPTED))
          .as("%s in %s", value, phase)
          .returns(ConditionTypes.FALSE, Finding::status)
          .satisfies(f -> assertThat(f.message()).contains("nothing was changed"));
      assertThat(answered.facts()).as("%s in %s", value, phase).isEqualTo(plain.facts());
      JsonNode changed = JSON.valueToTree(withAction);
      JsonNode unchanged = JSON.valueToTree(without);
      assertThat(changed).as("%s in %s", value, phase).isEqualTo(unchanged);
      assertThat(answered.findings())
          .filteredOn(f -> !f.type().equals(FleetReleaseStatus.ACTION_ACCEPTED))
          .isEqualTo(plain.findings());
    }
  }

  private RolloutMachine.Step lookAt(FleetReleaseStatus s, String value) {
    return machine.step(
        new RolloutMachine.Input(
            "fleetrelease/ns/model-y",
            "uid-1",
            spec,
            value == null
                ? Optional.empty()
                : ActionRequest.read(Map.of(FleetloopApi.ACTION_ANNOTATION, value)),
            new ExposureReadings(fleet, Map.of(V1, 90L, V2, 10L)),
            Optional.empty(),
            now),
        s);
  }

  private static FleetReleaseStatus copy(FleetReleaseStatus s) {
    return JSON.convertValue(JSON.valueToTree(s), FleetReleaseStatus.class);
  }

  @Test
  void promoteThenUndoReturnsToThePreviousStable() {
    spec.setModel(model(V2));
    look();
    action = "promote";
    look();
    assertThat(status.getStableVersion()).isEqualTo(V2);
    action = "undo";
    RolloutMachine.Step undone = look();
    assertThat(status.getStableVersion()).isEqualTo(V1);
    assertThat(status.getRollout().getStable().getVersion()).isEqualTo(V1);
    assertThat(status.getRollout().getPhase()).isEqualTo(FleetReleaseRollout.ROLLED_BACK);
    assertThat(undone.facts().get(0).event()).isInstanceOf(ReleaseRolledBack.class);
    assertThat(status.getHistory())
        .extracting(GenerationRecord::getOutcome)
        .containsExactly(GenerationRecord.OUTCOME_PROMOTED, GenerationRecord.OUTCOME_UNDONE);
  }

  @Test
  void theShadowPhaseComesFirstAndCountsWouldBeInterventions() {
    spec.setShadow(new ShadowSpec().withMinKm(2000L));
    spec.setModel(model(V2));
    RolloutMachine.Step started = look();
    assertThat(status.getCurrentStage()).isEqualTo(-1);
    assertThat(started.facts().get(0).event()).isInstanceOf(ShadowStarted.class);
    drive(V2, ExposureReadings.SHADOW, "clear", 2500, 2);
    drive(V1, ExposureReadings.DRIVING, "clear", 2500, 2);
    RolloutMachine.Step advanced = look();
    assertThat(status.getCurrentStage()).isZero();
    // in the audit log the shadow phase is stage 0 and spec.stages[0] is stage 1
    assertThat(advanced.facts())
        .singleElement()
        .extracting(RolloutMachine.Fact::event)
        .isInstanceOfSatisfying(
            StageAdvanced.class,
            e -> {
              assertThat(e.fromStage()).isZero();
              assertThat(e.toStage()).isEqualTo(1);
            });
    assertThat(status.getAnalysis().get(0).getStage()).isEqualTo(-1);
    assertThat(status.getAnalysis().get(0).getReason()).startsWith("shadow (would-be");
  }

  @Test
  void theShadowPhaseUsesItsOwnMaxRelativeRegressionWhenSet() {
    // 1.5x the stable rate in shadow: a regression under the release's 0.0, within a 2x screen
    spec.setShadow(new ShadowSpec().withMinKm(2000L));
    spec.setModel(model(V2));
    look();
    drive(V2, ExposureReadings.SHADOW, "clear", 5000, 300);
    drive(V1, ExposureReadings.DRIVING, "clear", 5000, 200);
    look();
    assertThat(status.getRollout().getPhase()).isEqualTo(FleetReleaseRollout.ROLLED_BACK);

    aReleaseOnV1();
    fleet.clear();
    spec.setShadow(new ShadowSpec().withMinKm(2000L).withMaxRelativeRegression(1.0));
    spec.setModel(model(V2));
    look();
    drive(V2, ExposureReadings.SHADOW, "clear", 5000, 300);
    drive(V1, ExposureReadings.DRIVING, "clear", 5000, 200);
    look();
    assertThat(status.getCurrentStage()).isZero();
    assertThat(status.getAnalysis().get(0).getStage()).isEqualTo(-1);
    assertThat(status.getAnalysis().get(0).getVerdict()).isEqualTo("Pass");
    // the stages keep the release's own threshold: the same 1.5x now fails stage 0
    drive(V2, "clear", 5000, 300);
    drive(V1, "clear", 5000, 200);
    look();
    assertThat(status.getRollout().getPhase()).isEqualTo(FleetReleaseRollout.ROLLED_BACK);
  }

  @Test
  void aLooseShadowScreenStillRollsBackAGrossRegressionBeforeAnyVehicleDrivesIt() {
    spec.setShadow(new ShadowSpec().withMinKm(2000L).withMaxRelativeRegression(1.0));
    spec.setModel(model(V2));
    look();
    // 4.3x the stable rate, at the local demo's rates (its poisoned candidates: 4.4x-11x, with
    // hundreds of would-be interventions in the shadow's km)
    drive(V2, ExposureReadings.SHADOW, "clear", 2500, 600);
    drive(V1, ExposureReadings.DRIVING, "clear", 2500, 140);
    RolloutMachine.Step step = look();
    assertThat(status.getRollout().getPhase()).isEqualTo(FleetReleaseRollout.ROLLED_BACK);
    assertThat(status.getAnalysis().get(0).getStage()).isEqualTo(-1);
    assertThat(((ReleaseRolledBack) step.facts().get(0).event()).rule()).contains("4.3x");
  }

  @Test
  void aRestartedOperatorResumesTheSameStageFromTheStoredStatus() throws Exception {
    spec.setModel(model(V2));
    look();
    drive(V2, "clear", 1000, 1);
    drive(V1, "clear", 10_000, 8);
    look();
    ObjectMapper json = new ObjectMapper();
    FleetReleaseStatus stored =
        json.readValue(json.writeValueAsString(status), FleetReleaseStatus.class);

    drive(V2, "clear", 2000, 2);
    drive(V1, "clear", 20_000, 16);
    FleetReleaseStatus uninterrupted = status;
    Instant at = now;
    RolloutMachine.Step a = look();
    status = stored;
    now = at;
    RolloutMachine.Step b = look();

    assertThat(json.writeValueAsString(status)).isEqualTo(json.writeValueAsString(uninterrupted));
    assertThat(b.facts()).isEqualTo(a.facts());
    assertThat(status.getCurrentStage()).isEqualTo(1);
  }

  @Test
  void aStagePastItsMaxDurationIsHeldWithAReason() {
    spec.setModel(model(V2));
    look();
    now = now.plusSeconds(3 * 3600);
    drive(V2, "clear", 100, 0);
    RolloutMachine.Step step = look();
    assertThat(progressing(step).reason()).isEqualTo(RolloutMachine.REASON_STAGE_TIMED_OUT);
    assertThat(status.getCurrentStage()).isZero();
  }

  // ---- helpers ----

  private RolloutMachine.Step look() {
    Optional<ActionRequest> a =
        action == null
            ? Optional.empty()
            : ActionRequest.read(Map.of(FleetloopApi.ACTION_ANNOTATION, action));
    RolloutMachine.Step step =
        machine.step(
            new RolloutMachine.Input(
                "fleetrelease/ns/model-y",
                "uid-1",
                spec,
                a,
                new ExposureReadings(fleet, Map.of(V1, 90L, V2, 10L)),
                Optional.empty(),
                now),
            status);
    now = now.plusSeconds(60);
    return step;
  }

  private void drive(String version, String condition, double km, long interventions) {
    drive(version, ExposureReadings.DRIVING, condition, km, interventions);
  }

  private void drive(String version, String role, String condition, double km, long n) {
    fleet.merge(
        new ExposureReadings.Key(version, role, condition), Exposure.of(km, n), Exposure::plus);
  }

  private static ReleaseModel model(String version) {
    return new ReleaseModel()
        .withVersion(version)
        .withArtifact("s3://models/" + version)
        .withDigest("sha256:" + "a".repeat(64));
  }

  private static Finding progressing(RolloutMachine.Step step) {
    return condition(step, FleetReleaseStatus.PROGRESSING);
  }

  private static Finding condition(RolloutMachine.Step step, String type) {
    return step.findings().stream().filter(f -> f.type().equals(type)).findFirst().orElseThrow();
  }
}
