package io.fleetloop.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetloop.operator.common.EventRecorder;
import io.fleetloop.operator.common.Finding;
import java.util.ArrayList;
import java.util.List;

/** Keeps the Events a reconciler emits, for unit tests (the ITs read real core v1 Events). */
public final class RecordingEvents implements EventRecorder {

  /** One emitted Event. */
  public record Recorded(String name, String type, String reason, String message) {}

  private final List<Recorded> events = new ArrayList<>();

  @Override
  public synchronized void emit(
      HasMetadata about, Finding.Severity severity, String reason, String message) {
    events.add(new Recorded(about.getMetadata().getName(), severity.eventType(), reason, message));
  }

  public synchronized List<Recorded> events() {
    return List.copyOf(events);
  }
}
