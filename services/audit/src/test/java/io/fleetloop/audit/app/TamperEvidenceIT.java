package io.fleetloop.audit.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.audit.api.query.VerifyReport;
import io.fleetloop.audit.client.Appended;
import io.fleetloop.audit.client.PendingEvent;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Rows edited, re-hashed or deleted directly in the database (as an intruder with SQL access would)
 * make {@code verify} fail, naming the first broken event.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TamperEvidenceIT {

  private static final String DB = "audit_tamper_it";
  private static AuditService service;
  private static List<Appended> appended;

  @BeforeAll
  static void start() {
    service = AuditService.start(TestDatabase.fresh(DB));
    List<PendingEvent> events = LoopScenario.events();
    appended = service.log().append(events);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  private static long indexOfStage2() {
    return appended.stream()
        .filter(a -> a.streamId().equals(LoopScenario.RELEASE) && a.sequence() == 2)
        .findFirst()
        .orElseThrow()
        .globalIndex();
  }

  @Test
  @Order(1)
  void anUntouchedLogVerifies() {
    VerifyReport report = service.verifier().verifyAll();
    assertThat(report.intact()).isTrue();
    assertThat(report.eventsChecked()).isEqualTo(appended.size());
    assertThat(report.headGlobalIndex()).isEqualTo(appended.size());
    assertThat(report.headHash()).isEqualTo(appended.get(appended.size() - 1).hash());
  }

  @Test
  @Order(2)
  void anEditedRowIsNamed() {
    long row = indexOfStage2();
    // the intruder makes the stage-2 advance look like it measured fewer interventions
    assertThat(
            TestDatabase.exec(
                DB,
                "UPDATE domain_event_entry SET payload = convert_to(regexp_replace(convert_from(payload,"
                    + " 'UTF8'), '\"interventions\":2', '\"interventions\":0'), 'UTF8')"
                    + " WHERE global_index = "
                    + row))
        .isEqualTo(1);

    VerifyReport report = service.verifier().verifyAll();
    assertThat(report.intact()).isFalse();
    assertThat(report.firstBreak().globalIndex()).isEqualTo(row);
    assertThat(report.firstBreak().streamId()).isEqualTo(LoopScenario.RELEASE);
    assertThat(report.firstBreak().eventType()).isEqualTo("StageAdvanced");
    assertThat(report.firstBreak().problem()).isEqualTo("ContentMismatch");
    assertThat(report.headGlobalIndex()).isEqualTo(row - 1);

    VerifyReport stream = service.verifier().verifyStream(LoopScenario.RELEASE);
    assertThat(stream.firstBreak().globalIndex()).isEqualTo(row);

    TestDatabase.exec(
        DB,
        "UPDATE domain_event_entry SET payload = convert_to(regexp_replace(convert_from(payload,"
            + " 'UTF8'), '\"interventions\":0', '\"interventions\":2'), 'UTF8')"
            + " WHERE global_index = "
            + row);
    assertThat(service.verifier().verifyAll().intact()).isTrue();
  }

  @Test
  @Order(3)
  void aRehashedRowBreaksTheLinkOfTheNextOne() {
    long row = indexOfStage2();
    TestDatabase.exec(
        DB, "UPDATE domain_event_entry SET hash = sha256(hash) WHERE global_index = " + row);
    VerifyReport report = service.verifier().verifyAll();
    assertThat(report.firstBreak().globalIndex()).isEqualTo(row);
    assertThat(report.firstBreak().problem()).isEqualTo("ContentMismatch");
    TestDatabase.exec(
        DB,
        "UPDATE domain_event_entry SET prev_hash = sha256(prev_hash) WHERE global_index = "
            + (row + 1));
    // even with its own hash "fixed" the row after it no longer links
    assertThat(service.verifier().verifyAll().firstBreak().globalIndex()).isEqualTo(row);
  }

  @Test
  @Order(4)
  void aDeletedRowIsMissing() {
    TestDatabase.exec(DB, "DROP SCHEMA audit CASCADE");
    service.close();
    service = AuditService.start(TestDatabase.fresh(DB));
    appended = service.log().append(LoopScenario.events());
    long row = indexOfStage2();
    TestDatabase.exec(DB, "DELETE FROM domain_event_entry WHERE global_index = " + row);
    VerifyReport report = service.verifier().verifyAll();
    assertThat(report.firstBreak().globalIndex()).isEqualTo(row + 1);
    assertThat(report.firstBreak().problem()).isEqualTo("Missing");
    VerifyReport stream = service.verifier().verifyStream(LoopScenario.RELEASE);
    assertThat(stream.firstBreak().problem()).isEqualTo("StreamBrokenLink");
    assertThat(stream.firstBreak().sequence()).isEqualTo(3);
  }
}
