package io.fleetloop.audit.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.audit.api.ResourceIds;
import io.fleetloop.audit.api.query.TimelineEntry;
import io.fleetloop.audit.client.PendingEvent;
import io.fleetloop.audit.command.Facts;
import io.fleetloop.audit.store.AuditSerializer;
import io.fleetloop.audit.store.ChainedAppendStatementBuilder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An event type this build does not know (written by a newer version) is kept and shown raw: the
 * timeline lists it, the projection passes over it, the chain verifies, later appends go on.
 */
class ForwardCompatibilityIT {

  private static final String DB = "audit_forward_it";
  private static AuditService service;

  @BeforeAll
  static void start() {
    service = AuditService.start(TestDatabase.fresh(DB));
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void anUnknownStoredEventTypeIsShownRawAndSkipped() throws Exception {
    String stream = ResourceIds.dataset("from-the-future");
    // what a newer version would have written, through the same chained append
    JacksonSerializer newer =
        new JacksonSerializer(JacksonSerializer.builder()) {
          @Override
          public SerializedType typeForClass(Class type) {
            return Map.class.isAssignableFrom(type)
                ? new SimpleSerializedType("DatasetQuarantined", "2")
                : super.typeForClass(type);
          }
        };
    try (Connection c = TestDatabase.postgres().connect(DB)) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SET search_path TO audit");
      }
      try (PreparedStatement insert =
          new ChainedAppendStatementBuilder()
              .build(
                  c,
                  null,
                  byte[].class,
                  List.of(
                      new GenericDomainEventMessage<>(
                          "DatasetAggregate",
                          stream,
                          0,
                          Map.of("datasetId", stream, "reason", "PII found"))),
                  newer,
                  null)) {
        insert.executeBatch();
      }
      c.commit();
    }
    long head =
        service
            .log()
            .append(List.of(PendingEvent.of(Facts.clips(Facts.DEVICE, "after", 1), "after", "t")))
            .get(0)
            .globalIndex();

    List<TimelineEntry> timeline = service.reader().timeline(stream, 0, 10);
    assertThat(timeline).hasSize(1);
    assertThat(timeline.get(0).known()).isFalse();
    assertThat(timeline.get(0).eventType()).isEqualTo("DatasetQuarantined");
    assertThat(timeline.get(0).payload().path("reason").asText()).isEqualTo("PII found");
    assertThat(timeline.get(0).summary()).contains("unknown event type");
    assertThat(service.awaitProjection(head, Duration.ofSeconds(30))).isTrue();
    assertThat(service.verifier().verifyAll().intact()).isTrue();
    assertThat(
            AuditSerializer.create()
                .classForType(new SimpleSerializedType("DatasetQuarantined", "2")))
        .isEqualTo(org.axonframework.serialization.UnknownSerializedType.class);
  }
}
