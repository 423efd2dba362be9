package io.fleetloop.audit.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConditionTransitionTest {

  private static ConditionTransition t(long gen, String status, String reason, String message) {
    return new ConditionTransition(
        "TrainingRun", "ml", "g4", "uid-1", gen, "Ready", status, reason, message);
  }

  @Test
  void theKeyDependsOnUidGenerationTypeStatusAndReasonOnly() {
    String key = t(3, "True", "Validated", "a").idempotencyKey();
    assertThat(t(3, "True", "Validated", "another message").idempotencyKey()).isEqualTo(key);
    assertThat(t(4, "True", "Validated", "a").idempotencyKey()).isNotEqualTo(key);
    assertThat(t(3, "False", "Validated", "a").idempotencyKey()).isNotEqualTo(key);
    assertThat(t(3, "True", "Failed", "a").idempotencyKey()).isNotEqualTo(key);
    assertThat(key).startsWith("condition:").hasSize("condition:".length() + 64);
  }

  @Test
  void itIsRecordedOnTheResourcesStream() {
    var event = t(3, "True", "Validated", null).toEvent();
    assertThat(event.resourceId()).isEqualTo("trainingrun/ml/g4");
    assertThat(event.message()).isEmpty();
  }

  @Test
  void partsAreDelimited() {
    assertThat(IdempotencyKeys.derive("k", "ab", "c"))
        .isNotEqualTo(IdempotencyKeys.derive("k", "a", "bc"));
  }
}
