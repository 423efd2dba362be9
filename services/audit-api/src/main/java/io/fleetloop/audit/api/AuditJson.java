package io.fleetloop.audit.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fleetloop.audit.api.event.AuditEvent;

/**
 * The one JSON mapping for events and query answers, shared by clients and the service: ISO-8601
 * instants, unknown fields ignored (an older reader tolerates a newer writer's additions).
 */
public final class AuditJson {

  private AuditJson() {}

  /** A fresh mapper configured for audit JSON. */
  public static ObjectMapper newMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .setSerializationInclusion(JsonInclude.Include.ALWAYS);
  }

  private static final ObjectMapper MAPPER = newMapper();

  /** The shared mapper; do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Serializes an event's payload for the wire. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize " + value.getClass().getName(), e);
    }
  }

  /**
   * Reads an event of a catalogue type from its JSON payload.
   *
   * @throws IllegalArgumentException for an unknown type or a payload that does not parse
   */
  public static AuditEvent readEvent(String eventType, String json) {
    Class<? extends AuditEvent> type =
        EventCatalogue.classFor(eventType)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unknown event type '"
                            + eventType
                            + "'; known: "
                            + EventCatalogue.names()));
    try {
      AuditEvent event = MAPPER.readValue(json, type);
      if (event == null) {
        throw new IllegalArgumentException("empty payload for " + eventType);
      }
      return event;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(
          "payload is not a valid " + eventType + ": " + e.getOriginalMessage(), e);
    }
  }
}
