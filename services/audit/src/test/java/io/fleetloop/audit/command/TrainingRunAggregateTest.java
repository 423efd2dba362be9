package io.fleetloop.audit.command;

import static io.fleetloop.audit.command.Facts.DATASET;
import static io.fleetloop.audit.command.Facts.RUN;
import static io.fleetloop.audit.command.Facts.admitted;
import static io.fleetloop.audit.command.Facts.finished;
import static io.fleetloop.audit.command.Facts.produced;
import static io.fleetloop.audit.command.Facts.started;
import static io.fleetloop.audit.command.Facts.validated;
import static org.hamcrest.Matchers.containsString;

import io.fleetloop.audit.api.event.ModelValidationFailed;
import io.fleetloop.audit.api.event.TrainingDatasetBound;
import io.fleetloop.audit.api.event.TrainingRunEvent;
import io.fleetloop.audit.api.event.TrainingRunFailed;
import java.util.List;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrainingRunAggregateTest {

  private AggregateTestFixture<TrainingRunAggregate> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(TrainingRunAggregate.class);
  }

  private static RecordTrainingRunEvent record(TrainingRunEvent e) {
    return new RecordTrainingRunEvent(RUN, e, null);
  }

  @Test
  void admittedThenPhasesInOrderThenModelThenValidated() {
    fixture
        .givenNoPriorActivity()
        .when(record(admitted(RUN, null, DATASET)))
        .expectEvents(admitted(RUN, null, DATASET));
    fixture
        .given(admitted(RUN, null, DATASET))
        .when(record(started(RUN, "pretrain")))
        .expectEvents(started(RUN, "pretrain"));
    fixture
        .given(admitted(RUN, null, DATASET), started(RUN, "pretrain"))
        .when(record(finished(RUN, "pretrain", true)))
        .expectEvents(finished(RUN, "pretrain", true));
    fixture
        .given(
            admitted(RUN, null, DATASET),
            started(RUN, "pretrain"),
            finished(RUN, "pretrain", true),
            started(RUN, "hil"),
            finished(RUN, "hil", true))
        .when(record(produced(RUN, "policy-g4")))
        .expectEvents(produced(RUN, "policy-g4"));
    fixture
        .given(
            admitted(RUN, null, DATASET),
            started(RUN, "pretrain"),
            finished(RUN, "pretrain", true),
            started(RUN, "hil"),
            finished(RUN, "hil", true),
            produced(RUN, "policy-g4"))
        .when(record(validated(RUN, "policy-g4")))
        .expectEvents(validated(RUN, "policy-g4"));
  }

  @Test
  void phasesRunInSpecOrder() {
    fixture
        .given(admitted(RUN, null, DATASET))
        .when(record(started(RUN, "hil")))
        .expectException(EventRejectedException.class)
        .expectExceptionMessage(containsString("out of order: the next phase is pretrain"));
  }

  @Test
  void aPhaseThatIsNotRunningCannotFinish() {
    fixture
        .given(admitted(RUN, null, DATASET))
        .when(record(finished(RUN, "pretrain", true)))
        .expectExceptionMessage(containsString("is not running"));
  }

  @Test
  void aFailedPhaseMayStartAgain() {
    fixture
        .given(
            admitted(RUN, null, DATASET),
            started(RUN, "pretrain"),
            finished(RUN, "pretrain", false))
        .when(record(started(RUN, "pretrain")))
        .expectEvents(started(RUN, "pretrain"));
  }

  @Test
  void noPhaseWithoutADatasetAndBindingOnlyBeforeTraining() {
    fixture
        .given(admitted(RUN, null, null))
        .when(record(started(RUN, "pretrain")))
        .expectExceptionMessage(containsString("no dataset bound"));
    TrainingDatasetBound bound = new TrainingDatasetBound(RUN, DATASET);
    fixture.given(admitted(RUN, null, null)).when(record(bound)).expectEvents(bound);
    fixture
        .given(admitted(RUN, null, DATASET))
        .when(record(bound))
        .expectExceptionMessage(containsString("already bound"));
  }

  @Test
  void noModelBeforeEveryPhaseSucceeded() {
    fixture
        .given(
            admitted(RUN, null, DATASET), started(RUN, "pretrain"), finished(RUN, "pretrain", true))
        .when(record(produced(RUN, "policy-g4")))
        .expectExceptionMessage(containsString("only 1 of 2 phases"));
  }

  @Test
  void validationIsOfTheProducedModelAndOnlyOnce() {
    Object[] producedRun = {
      admitted(RUN, null, DATASET), started(RUN, "pretrain"), finished(RUN, "pretrain", true),
      started(RUN, "hil"), finished(RUN, "hil", true), produced(RUN, "policy-g4")
    };
    fixture
        .given(producedRun)
        .when(record(validated(RUN, "policy-g5")))
        .expectExceptionMessage(containsString("produced policy-g4, not policy-g5"));
    ModelValidationFailed failed =
        new ModelValidationFailed(
            RUN,
            "policy-g4",
            List.of("tail"),
            Map.of("chipDisagreement", 0.03),
            "chipDisagreement 0.03 <= 0.01",
            "GateFailed");
    fixture.given(producedRun).when(record(failed)).expectEvents(failed);
    fixture
        .given(producedRun)
        .andGiven(failed)
        .when(record(validated(RUN, "policy-g4")))
        .expectExceptionMessage(containsString("already ValidationFailed"));
  }

  @Test
  void aFailedRunAcceptsNothingMoreButARecreatedRunStartsOver() {
    TrainingRunFailed failed = new TrainingRunFailed(RUN, "pretrain", "BackoffLimitExceeded");
    fixture
        .given(admitted(RUN, null, DATASET), started(RUN, "pretrain"))
        .when(record(failed))
        .expectEvents(failed);
    fixture
        .given(admitted(RUN, null, DATASET), failed)
        .when(record(started(RUN, "pretrain")))
        .expectExceptionMessage(containsString("the run failed"));
    var recreated =
        new io.fleetloop.audit.api.event.TrainingRunAdmitted(
            RUN, "uid-2", 1, "policy", null, DATASET, List.of("pretrain"), 100);
    fixture
        .given(admitted(RUN, null, DATASET), failed)
        .when(record(recreated))
        .expectEvents(recreated);
    fixture
        .given(admitted(RUN, null, DATASET))
        .when(record(admitted(RUN, null, DATASET)))
        .expectExceptionMessage(containsString("already admitted"));
  }

  @Test
  void nothingBeforeAdmission() {
    fixture
        .givenNoPriorActivity()
        .when(record(started(RUN, "pretrain")))
        .expectExceptionMessage(containsString("not admitted"));
  }
}
