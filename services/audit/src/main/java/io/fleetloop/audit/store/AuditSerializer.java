package io.fleetloop.audit.store;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.audit.api.AuditJson;
import io.fleetloop.audit.api.EventCatalogue;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Axon's Jackson serializer, storing catalogue events under their catalogue name ({@code
 * StageAdvanced}) instead of their Java class name, so classes can move without rewriting the log;
 * a stored name the catalogue does not know reads as Axon's {@code UnknownSerializedType} (shown
 * raw, never dropped). Everything else (metadata, tokens, snapshots) keeps class names.
 */
public final class AuditSerializer extends JacksonSerializer {

  private AuditSerializer(Builder builder) {
    super(builder);
  }

  /** For events, metadata and tokens. */
  public static AuditSerializer create() {
    return new AuditSerializer(
        JacksonSerializer.builder().objectMapper(eventMapper()).lenientDeserialization());
  }

  /**
   * {@link AuditJson#newMapper()} with instants read and written by {@link FastInstants}: the same
   * JSON, at a fraction of the cost (the service writes every appended event and reads events on
   * every wire append, projection pass and aggregate replay).
   */
  public static ObjectMapper eventMapper() {
    return AuditJson.newMapper().registerModule(FastInstants.module());
  }

  /** For aggregate snapshots: reads and writes fields, whatever their visibility. */
  public static JacksonSerializer forSnapshots() {
    ObjectMapper mapper =
        eventMapper()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
    return JacksonSerializer.builder().objectMapper(mapper).build();
  }

  @Override
  public SerializedType typeForClass(Class type) {
    return EventCatalogue.nameOf(type)
        .<SerializedType>map(name -> new SimpleSerializedType(name, null))
        .orElseGet(() -> super.typeForClass(type));
  }

  @Override
  protected String resolveClassName(SerializedType serializedType) {
    return EventCatalogue.classFor(serializedType.getName())
        .<String>map(Class::getName)
        .orElseGet(() -> super.resolveClassName(serializedType));
  }
}
