package io.fleetloop.audit.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.audit.api.event.ReleasePaused;
import org.junit.jupiter.api.Test;

class InMemoryAuditRecorderTest {

  private static ConditionTransition ready(long gen, String status, String reason) {
    return new ConditionTransition(
        "HardwarePool", null, "gpu", "uid-1", gen, "Ready", status, reason, "");
  }

  @Test
  void appliesTheAuditLogsRules() {
    InMemoryAuditRecorder recorder = new InMemoryAuditRecorder();
    assertThat(recorder.recordCondition(ready(1, "True", "Up")).outcome())
        .isEqualTo(Outcome.APPENDED);
    assertThat(recorder.recordCondition(ready(1, "True", "Up")).outcome())
        .isEqualTo(Outcome.UNCHANGED);
    assertThat(recorder.recordCondition(ready(2, "False", "Down")).outcome())
        .isEqualTo(Outcome.APPENDED);
    assertThat(recorder.recordCondition(ready(2, "True", "Up")).outcome())
        .isEqualTo(Outcome.APPENDED);
    assertThat(recorder.recordCondition(ready(1, "False", "Late")).outcome())
        .isEqualTo(Outcome.REJECTED);
    assertThat(recorder.transitions("hardwarepool/gpu")).hasSize(3);

    ReleasePaused paused = new ReleasePaused("fleetrelease/p/r", "spec.paused");
    assertThat(recorder.record(paused, "k").outcome()).isEqualTo(Outcome.APPENDED);
    assertThat(recorder.record(paused, "k").outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(recorder.events()).hasSize(4);
  }
}
