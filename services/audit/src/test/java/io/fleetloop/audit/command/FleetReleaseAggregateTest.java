package io.fleetloop.audit.command;

import static io.fleetloop.audit.command.Facts.RELEASE;
import static io.fleetloop.audit.command.Facts.advanced;
import static io.fleetloop.audit.command.Facts.promoted;
import static io.fleetloop.audit.command.Facts.rolledBack;
import static io.fleetloop.audit.command.Facts.shadow;
import static org.hamcrest.Matchers.containsString;

import io.fleetloop.audit.api.event.ReleaseEvent;
import io.fleetloop.audit.api.event.ReleaseFrozen;
import io.fleetloop.audit.api.event.ReleasePaused;
import io.fleetloop.audit.api.event.ReleaseResumed;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FleetReleaseAggregateTest {

  private AggregateTestFixture<FleetReleaseAggregate> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(FleetReleaseAggregate.class);
  }

  private static RecordReleaseEvent record(ReleaseEvent e) {
    return new RecordReleaseEvent(RELEASE, e, null);
  }

  @Test
  void shadowThenStagesThenPromotion() {
    fixture
        .givenNoPriorActivity()
        .when(record(shadow("g4", "g3")))
        .expectEvents(shadow("g4", "g3"));
    fixture
        .given(shadow("g4", "g3"))
        .when(record(advanced("g4", 0, 1, 1)))
        .expectEvents(advanced("g4", 0, 1, 1));
    fixture
        .given(shadow("g4", "g3"), advanced("g4", 0, 1, 1))
        .when(record(advanced("g4", 1, 2, 10)))
        .expectEvents(advanced("g4", 1, 2, 10));
    fixture
        .given(shadow("g4", "g3"), advanced("g4", 0, 1, 1), advanced("g4", 1, 2, 10))
        .when(record(promoted("g4")))
        .expectEvents(promoted("g4"));
  }

  @Test
  void stagesAdvanceOneAtATimeWithGrowingCohorts() {
    fixture
        .given(shadow("g4", "g3"))
        .when(record(advanced("g4", 0, 2, 10)))
        .expectException(EventRejectedException.class)
        .expectExceptionMessage(containsString("out of order"));
    fixture
        .given(shadow("g4", "g3"), advanced("g4", 0, 1, 10))
        .when(record(advanced("g4", 1, 2, 10)))
        .expectExceptionMessage(containsString("more than 10%"));
  }

  @Test
  void aStageAdvanceCarriesTheMeasuredValuesAndTheRule() {
    var bare =
        new io.fleetloop.audit.api.event.StageAdvanced(
            RELEASE,
            "g4",
            0,
            1,
            new io.fleetloop.audit.api.event.Cohort("stage-1", 1, 100),
            List.of(),
            "rule");
    fixture
        .given(shadow("g4", "g3"))
        .when(record(bare))
        .expectExceptionMessage(containsString("measured values"));
  }

  @Test
  void aPausedReleaseDoesNotAdvanceUntilResumed() {
    ReleasePaused paused = new ReleasePaused(RELEASE, "spec.paused");
    ReleaseResumed resumed = new ReleaseResumed(RELEASE, "spec.paused cleared");
    fixture.given(shadow("g4", "g3")).when(record(paused)).expectEvents(paused);
    fixture
        .given(shadow("g4", "g3"), paused)
        .when(record(advanced("g4", 0, 1, 1)))
        .expectExceptionMessage(containsString("paused"));
    fixture.given(shadow("g4", "g3"), paused).when(record(resumed)).expectEvents(resumed);
    fixture
        .given(shadow("g4", "g3"), paused, resumed)
        .when(record(advanced("g4", 0, 1, 1)))
        .expectEvents(advanced("g4", 0, 1, 1));
    fixture
        .given(shadow("g4", "g3"))
        .when(record(resumed))
        .expectExceptionMessage(containsString("neither paused nor frozen"));
  }

  @Test
  void rollbackRestoresTheStableVersionWithTheRule() {
    fixture
        .given(shadow("g4", "g3"), advanced("g4", 0, 1, 1))
        .when(record(rolledBack("g4", "g3", 1)))
        .expectEvents(rolledBack("g4", "g3", 1));
    fixture
        .given(shadow("g4", "g3"), advanced("g4", 0, 1, 1))
        .when(record(rolledBack("g4", "g2", 1)))
        .expectExceptionMessage(containsString("restores the stable g3"));
    fixture
        .given(shadow("g4", "g3"), rolledBack("g4", "g3", 0))
        .when(record(advanced("g4", 1, 2, 10)))
        .expectExceptionMessage(containsString("no candidate is rolling out"));
  }

  @Test
  void aReleaseWithoutAShadowPhaseStartsItsCandidateAtTheFirstStage() {
    var start =
        new io.fleetloop.audit.api.event.StageAdvanced(
            RELEASE,
            "g4",
            0,
            1,
            new io.fleetloop.audit.api.event.Cohort("stage-1", 10, 100),
            List.of(),
            "new candidate g4; no shadow phase (shadow.minKm 0)");
    fixture.givenNoPriorActivity().when(record(start)).expectEvents(start);
    fixture
        .given(start)
        .when(record(advanced("g4", 1, 2, 50)))
        .expectEvents(advanced("g4", 1, 2, 50));
    fixture
        .given(start, advanced("g4", 1, 2, 50))
        .when(record(promoted("g4")))
        .expectEvents(promoted("g4"));
    // a second start while g4 rolls out is refused
    fixture.given(start).when(record(start)).expectExceptionMessage(containsString("out of order"));
  }

  @Test
  void aFrozenReleaseStaysUntilResumedOrRolledBack() {
    ReleaseFrozen frozen =
        new ReleaseFrozen(
            RELEASE,
            "g4",
            2,
            Facts.measured(0.9, 0.45),
            "ciLow 0.52 > baseline 0.45",
            "RollbackUnsafe");
    Object[] rolling = {shadow("g4", "g3"), advanced("g4", 0, 1, 1), advanced("g4", 1, 2, 10)};
    fixture.given(rolling).when(record(frozen)).expectEvents(frozen);
    fixture
        .given(rolling)
        .andGiven(frozen)
        .when(record(advanced("g4", 2, 3, 50)))
        .expectExceptionMessage(containsString("frozen"));
    fixture
        .given(rolling)
        .andGiven(frozen)
        .when(record(rolledBack("g4", "g3", 2)))
        .expectEvents(rolledBack("g4", "g3", 2));
  }

  @Test
  void oneCandidateAtATime() {
    fixture
        .given(shadow("g4", "g3"))
        .when(record(shadow("g5", "g3")))
        .expectExceptionMessage(containsString("g4 is still rolling out"));
    fixture
        .given(shadow("g4", "g3"), promoted("g4"))
        .when(record(shadow("g5", "g3")))
        .expectExceptionMessage(containsString("the stable version is g4"));
    fixture
        .given(shadow("g4", "g3"), promoted("g4"))
        .when(record(shadow("g5", "g4")))
        .expectEvents(shadow("g5", "g4"));
  }

  @Test
  void undoRestoresThePreviouslyStableVersion() {
    fixture
        .given(shadow("g4", "g3"), promoted("g4"))
        .when(record(rolledBack("g4", "g3", 0)))
        .expectEvents(rolledBack("g4", "g3", 0));
    fixture
        .given(shadow("g4", "g3"), promoted("g4"), rolledBack("g4", "g3", 0))
        .when(record(rolledBack("g4", "g3", 0)))
        .expectExceptionMessage(containsString("nothing to undo"));
  }
}
