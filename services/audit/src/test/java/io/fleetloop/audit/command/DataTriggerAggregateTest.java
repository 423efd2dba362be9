package io.fleetloop.audit.command;

import static io.fleetloop.audit.command.Facts.TRIGGER;
import static io.fleetloop.audit.command.Facts.changed;
import static io.fleetloop.audit.command.Facts.deployed;
import static org.hamcrest.Matchers.containsString;

import io.fleetloop.audit.api.event.TriggerCanaried;
import io.fleetloop.audit.api.event.TriggerEvent;
import io.fleetloop.audit.api.event.TriggerRetired;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DataTriggerAggregateTest {

  private AggregateTestFixture<DataTriggerAggregate> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(DataTriggerAggregate.class);
  }

  private static RecordTriggerEvent record(TriggerEvent event) {
    return new RecordTriggerEvent(TRIGGER, event, null);
  }

  @Test
  void aNewTriggerIsDeployed() {
    fixture
        .givenNoPriorActivity()
        .when(record(deployed()))
        .expectSuccessfulHandlerExecution()
        .expectEvents(deployed())
        .expectResultMessagePayload(Decision.APPENDED);
  }

  @Test
  void deployingTwiceIsRefused() {
    fixture
        .given(deployed())
        .when(record(deployed()))
        .expectException(EventRejectedException.class)
        .expectExceptionMessage(containsString("already deployed"))
        .expectNoEvents();
  }

  @Test
  void aChangeMustBeANewerGeneration() {
    fixture.given(deployed()).when(record(changed(2))).expectEvents(changed(2));
    fixture
        .given(deployed(), changed(3))
        .when(record(changed(2)))
        .expectException(EventRejectedException.class)
        .expectExceptionMessage(containsString("out of order"));
  }

  @Test
  void canaryIsForTheDeployedGenerationOnce() {
    TriggerCanaried canary = new TriggerCanaried(TRIGGER, 2, 5, 120);
    fixture.given(deployed(), changed(2)).when(record(canary)).expectEvents(canary);
    fixture
        .given(deployed())
        .when(record(canary))
        .expectException(EventRejectedException.class)
        .expectExceptionMessage(containsString("not the deployed generation"));
    fixture
        .given(deployed(), changed(2), canary)
        .when(record(canary))
        .expectExceptionMessage(containsString("already canaried"));
  }

  @Test
  void retiredTriggersCanBeDeployedAgainButNotChanged() {
    TriggerRetired retired = new TriggerRetired(TRIGGER, "deleted");
    fixture.given(deployed()).when(record(retired)).expectEvents(retired);
    fixture
        .given(deployed(), retired)
        .when(record(changed(2)))
        .expectExceptionMessage(containsString("not deployed"));
    fixture.given(deployed(), retired).when(record(deployed())).expectEvents(deployed());
  }

  @Test
  void malformedSpecsAreInvalid() {
    var bad =
        new io.fleetloop.audit.api.event.TriggerDeployed(
            TRIGGER, "u", 1, "x", 50, 0, 5, Facts.DIGEST);
    fixture
        .givenNoPriorActivity()
        .when(record(bad))
        .expectException(EventRejectedException.class)
        .expectExceptionMessage(containsString("samplingRate"));
  }

  @Test
  void anEventForAnotherStreamIsRefused() {
    fixture
        .givenNoPriorActivity()
        .when(new RecordTriggerEvent(Facts.TRIGGER.replace("fog", "rain"), deployed(), null))
        .expectExceptionMessage(containsString("does not match"));
  }

  @Test
  void theExpectedVersionMustMatch() {
    fixture
        .given(deployed())
        .when(new RecordTriggerEvent(TRIGGER, changed(2), 0L))
        .expectEvents(changed(2));
    fixture
        .given(deployed(), changed(2))
        .when(new RecordTriggerEvent(TRIGGER, changed(3), 0L))
        .expectException(EventRejectedException.class)
        .expectExceptionMessage(containsString("expected version 0 but the stream is at 1"));
    fixture
        .givenNoPriorActivity()
        .when(new RecordTriggerEvent(TRIGGER, deployed(), -1L))
        .expectEvents(deployed());
  }
}
