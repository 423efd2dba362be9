package io.fleetloop.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fleetloop.operator.testing.Fixtures;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class KubeEventsTest {

  private final KubeEvents events =
      new KubeEvents(
          null, Clock.fixed(Instant.parse("2026-11-21T10:00:00.123Z"), ZoneOffset.UTC), "pod-1");

  @Test
  void anEventAboutANamespacedResourceLivesInItsNamespace() {
    var trigger = Fixtures.dataTrigger("team-a", "fog", "frame.takeover");
    trigger.getMetadata().setUid("uid-1");

    Event event = events.build(trigger, Finding.Severity.WARNING, "CompileError", "1:7: bad");

    assertThat(event.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(event.getMetadata().getName()).startsWith("fog.");
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getReason()).isEqualTo("CompileError");
    assertThat(event.getMessage()).isEqualTo("1:7: bad");
    assertThat(event.getInvolvedObject().getKind()).isEqualTo("DataTrigger");
    assertThat(event.getInvolvedObject().getApiVersion()).isEqualTo("fleetloop.io/v1alpha1");
    assertThat(event.getInvolvedObject().getUid()).isEqualTo("uid-1");
    assertThat(event.getFirstTimestamp()).isEqualTo("2026-11-21T10:00:00Z");
    assertThat(event.getSource().getComponent()).isEqualTo(KubeEvents.COMPONENT);
  }

  @Test
  void anEventAboutAClusterScopedResourceLivesInDefault() {
    Event event =
        events.build(Fixtures.gpuPool("gpu-a100", 8), Finding.Severity.NORMAL, "Ready", "ok");

    assertThat(event.getMetadata().getNamespace()).isEqualTo("default");
    assertThat(event.getInvolvedObject().getNamespace()).isNull();
    assertThat(event.getType()).isEqualTo("Normal");
  }

  @Test
  void eventNamesAreUniqueAndLongMessagesTruncated() {
    var pool = Fixtures.gpuPool("gpu-a100", 8);
    Event first = events.build(pool, Finding.Severity.NORMAL, "R", "x".repeat(5000));
    Event second = events.build(pool, Finding.Severity.NORMAL, "R", "y");

    assertThat(first.getMetadata().getName()).isNotEqualTo(second.getMetadata().getName());
    assertThat(first.getMessage()).hasSize(KubeEvents.MAX_MESSAGE).endsWith("...");
  }
}
