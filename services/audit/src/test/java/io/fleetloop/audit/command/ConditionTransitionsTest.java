package io.fleetloop.audit.command;

import static io.fleetloop.audit.command.Facts.POOL;
import static io.fleetloop.audit.command.Facts.condition;
import static org.hamcrest.Matchers.containsString;

import io.fleetloop.audit.api.event.ConditionChanged;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Condition transitions, on the HardwarePool stream (the other three kinds share the code): a
 * reconcile that repeats a state appends nothing, a flap appends each move, stale generations are
 * refused, a recreated resource starts over.
 */
class ConditionTransitionsTest {

  private AggregateTestFixture<HardwarePoolAggregate> fixture;

  private static final ConditionChanged READY =
      condition(POOL, "uid-1", 3, "Ready", "True", "CapacityAvailable");
  private static final ConditionChanged NOT_READY =
      condition(POOL, "uid-1", 3, "Ready", "False", "NodesUnavailable");

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(HardwarePoolAggregate.class);
  }

  private static RecordPoolEvent record(ConditionChanged c) {
    return new RecordPoolEvent(POOL, c, null);
  }

  @Test
  void theFirstReportIsATransition() {
    fixture
        .givenNoPriorActivity()
        .when(record(READY))
        .expectEvents(READY)
        .expectResultMessagePayload(Decision.APPENDED);
  }

  @Test
  void aRepeatedReconcileAppendsNothing() {
    ConditionChanged sameStateNewMessageAndGeneration =
        new ConditionChanged(POOL, "uid-1", 4, "Ready", "True", "CapacityAvailable", "other");
    fixture
        .given(READY)
        .when(record(sameStateNewMessageAndGeneration))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents()
        .expectResultMessagePayload(Decision.UNCHANGED);
  }

  @Test
  void aFlapIsRecordedAsTwoTransitions() {
    fixture.given(READY, NOT_READY).when(record(READY)).expectEvents(READY);
  }

  @Test
  void conditionTypesAreIndependent() {
    ConditionChanged other = condition(POOL, "uid-1", 3, "Queueing", "True", "CapacityAvailable");
    fixture.given(READY).when(record(other)).expectEvents(other);
  }

  @Test
  void anOlderGenerationIsStale() {
    ConditionChanged old = condition(POOL, "uid-1", 2, "Ready", "False", "NodesUnavailable");
    fixture
        .given(READY)
        .when(record(old))
        .expectException(EventRejectedException.class)
        .expectExceptionMessage(containsString("stale"))
        .expectNoEvents();
  }

  @Test
  void aRecreatedResourceStartsOver() {
    ConditionChanged recreated = condition(POOL, "uid-2", 1, "Ready", "True", "CapacityAvailable");
    fixture.given(READY).when(record(recreated)).expectEvents(recreated);
  }

  @Test
  void statusMustBeKubernetesStyle() {
    fixture
        .givenNoPriorActivity()
        .when(record(condition(POOL, "uid-1", 1, "Ready", "yes", "X")))
        .expectExceptionMessage(containsString("True, False or Unknown"));
  }

  @Test
  void triggerRunAndReleaseStreamsTakeConditionsToo() {
    var triggers = new AggregateTestFixture<>(DataTriggerAggregate.class);
    ConditionChanged compiled =
        condition(Facts.TRIGGER, "uid-1", 1, "Compiled", "False", "SyntaxError");
    triggers
        .givenNoPriorActivity()
        .when(new RecordTriggerEvent(Facts.TRIGGER, compiled, null))
        .expectEvents(compiled);
    var runs = new AggregateTestFixture<>(TrainingRunAggregate.class);
    ConditionChanged admitted = condition(Facts.RUN, "uid-1", 1, "Admitted", "True", "Queued");
    runs.givenNoPriorActivity()
        .when(new RecordTrainingRunEvent(Facts.RUN, admitted, null))
        .expectEvents(admitted);
    var releases = new AggregateTestFixture<>(FleetReleaseAggregate.class);
    ConditionChanged progressing =
        condition(Facts.RELEASE, "uid-1", 1, "Progressing", "True", "ShadowRunning");
    releases
        .given(progressing)
        .when(new RecordReleaseEvent(Facts.RELEASE, progressing, null))
        .expectNoEvents()
        .expectResultMessagePayload(Decision.UNCHANGED);
  }
}
