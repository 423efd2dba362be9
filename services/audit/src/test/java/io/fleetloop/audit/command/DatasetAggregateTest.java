package io.fleetloop.audit.command;

import static io.fleetloop.audit.command.Facts.DATASET;
import static io.fleetloop.audit.command.Facts.cut;
import static org.hamcrest.Matchers.containsString;

import io.fleetloop.audit.api.event.DatasetSnapshotCut;
import java.util.List;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DatasetAggregateTest {

  private AggregateTestFixture<DatasetAggregate> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(DatasetAggregate.class);
  }

  private static RecordDatasetEvent record(DatasetSnapshotCut e) {
    return new RecordDatasetEvent(DATASET, e, null);
  }

  @Test
  void aSnapshotIsCutWithItsClipIds() {
    DatasetSnapshotCut cut = cut(DATASET, List.of("c1", "c2", "c3"));
    fixture.givenNoPriorActivity().when(record(cut)).expectEvents(cut);
  }

  @Test
  void orWithOnlyItsManifestDigest() {
    DatasetSnapshotCut byManifest =
        new DatasetSnapshotCut(
            DATASET, "s3://d/m.json", Facts.DIGEST, 250_000, List.of(), Map.of());
    fixture.givenNoPriorActivity().when(record(byManifest)).expectEvents(byManifest);
  }

  @Test
  void aSnapshotIsImmutable() {
    fixture
        .given(cut(DATASET, List.of("c1")))
        .when(record(cut(DATASET, List.of("c1", "c2"))))
        .expectException(EventRejectedException.class)
        .expectExceptionMessage(containsString("immutable"));
  }

  @Test
  void lineageIsRequired() {
    fixture
        .givenNoPriorActivity()
        .when(record(new DatasetSnapshotCut(DATASET, "s3://d", null, 3, List.of(), Map.of())))
        .expectExceptionMessage(containsString("clip ids or its manifest digest"));
  }

  @Test
  void clipIdsMustMatchTheCountAndBeUnique() {
    fixture
        .givenNoPriorActivity()
        .when(
            record(new DatasetSnapshotCut(DATASET, "s3://d", null, 3, List.of("a", "b"), Map.of())))
        .expectExceptionMessage(containsString("clipCount 3 but 2"));
    fixture
        .givenNoPriorActivity()
        .when(
            record(new DatasetSnapshotCut(DATASET, "s3://d", null, 2, List.of("a", "a"), Map.of())))
        .expectExceptionMessage(containsString("twice"));
  }

  @Test
  void aMalformedDigestIsInvalid() {
    fixture
        .givenNoPriorActivity()
        .when(record(new DatasetSnapshotCut(DATASET, "s3://d", "md5:00", 1, List.of(), Map.of())))
        .expectExceptionMessage(containsString("sha256"));
  }
}
