package io.fleetloop.audit.command;

import static io.fleetloop.audit.command.Facts.DEVICE;
import static io.fleetloop.audit.command.Facts.clips;
import static org.hamcrest.Matchers.containsString;

import io.fleetloop.audit.api.event.ClipsIngested;
import io.fleetloop.audit.api.event.IngestedClip;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceAggregateTest {

  private AggregateTestFixture<DeviceAggregate> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(DeviceAggregate.class);
  }

  private static RecordDeviceEvent record(ClipsIngested e) {
    return new RecordDeviceEvent(DEVICE, e, null);
  }

  @Test
  void batchesOfClipsAreRecorded() {
    fixture
        .given(clips(DEVICE, "b1", 3))
        .when(record(clips(DEVICE, "b2", 8)))
        .expectEvents(clips(DEVICE, "b2", 8));
  }

  @Test
  void aBatchIsNeitherEmptyNorHuge() {
    fixture
        .givenNoPriorActivity()
        .when(record(new ClipsIngested(DEVICE, "b", List.of())))
        .expectExceptionMessage(containsString("at least one clip"));
    fixture
        .givenNoPriorActivity()
        .when(record(clips(DEVICE, "b", ClipsIngested.MAX_CLIPS + 1)))
        .expectExceptionMessage(containsString("at most"));
  }

  @Test
  void clipIdsAreUniqueWithinABatch() {
    IngestedClip clip = clips(DEVICE, "b", 1).clips().get(0);
    fixture
        .givenNoPriorActivity()
        .when(record(new ClipsIngested(DEVICE, "b", List.of(clip, clip))))
        .expectException(EventRejectedException.class)
        .expectExceptionMessage(containsString("twice"));
  }

  @Test
  void aClipNamesATriggerById() {
    IngestedClip clip = new IngestedClip("c", "fog", 1, "g3", null, 10, null);
    fixture
        .givenNoPriorActivity()
        .when(record(new ClipsIngested(DEVICE, "b", List.of(clip))))
        .expectExceptionMessage(containsString("DataTrigger id"));
  }
}
