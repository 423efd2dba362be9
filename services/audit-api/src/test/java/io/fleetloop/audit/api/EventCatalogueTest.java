package io.fleetloop.audit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetloop.audit.api.event.AuditEvent;
import io.fleetloop.audit.api.event.ClipsIngested;
import io.fleetloop.audit.api.event.Cohort;
import io.fleetloop.audit.api.event.IngestedClip;
import io.fleetloop.audit.api.event.Measurement;
import io.fleetloop.audit.api.event.StageAdvanced;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventCatalogueTest {

  @Test
  void everyEventTypeIsNamedByItsSimpleNameAndImplementsAStream() {
    assertThat(EventCatalogue.names()).hasSize(22).contains("StageAdvanced", "ClipsIngested");
    for (String name : EventCatalogue.names()) {
      Class<? extends AuditEvent> type = EventCatalogue.classFor(name).orElseThrow();
      assertThat(type.getSimpleName()).isEqualTo(name);
      assertThat(type.isRecord()).isTrue();
      assertThat(EventCatalogue.nameOf(type)).contains(name);
    }
  }

  @Test
  void eventsRoundTripThroughTheWireJson() {
    AuditEvent advanced =
        new StageAdvanced(
            "fleetrelease/prod/r",
            "g4",
            1,
            2,
            new Cohort("stage-2", 10, 1200),
            List.of(new Measurement("fog", 310, 1, 3.2, 0.1, 17.9, 0.45, "Inconclusive")),
            "rule");
    AuditEvent clips =
        new ClipsIngested(
            "device/v",
            "b",
            List.of(
                new IngestedClip(
                    "c",
                    "datatrigger/f/t",
                    1,
                    "g3",
                    null,
                    10,
                    Instant.parse("2026-11-21T10:00:00Z"))));
    for (AuditEvent e : List.of(advanced, clips)) {
      String json = AuditJson.write(e);
      assertThat(AuditJson.readEvent(EventCatalogue.nameOf(e), json)).isEqualTo(e);
    }
    assertThat(AuditJson.write(clips)).contains("\"capturedAt\":\"2026-11-21T10:00:00Z\"");
  }

  @Test
  void unknownTypesAndBadPayloadsAreNamed() {
    assertThatThrownBy(() -> AuditJson.readEvent("ModelBlessed", "{}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown event type 'ModelBlessed'");
    assertThatThrownBy(() -> AuditJson.readEvent("StageAdvanced", "[1,2"))
        .hasMessageContaining("not a valid StageAdvanced");
  }

  @Test
  void aNewerWritersExtraFieldsAreIgnored() {
    AuditEvent e =
        AuditJson.readEvent(
            "ReleasePaused",
            "{\"releaseId\":\"fleetrelease/p/r\",\"reason\":\"x\",\"by\":\"bob\"}");
    assertThat(e.aggregateId()).isEqualTo("fleetrelease/p/r");
  }
}
