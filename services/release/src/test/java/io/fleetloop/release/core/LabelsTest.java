package io.fleetloop.release.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelsTest {

  @Test
  void matchesLabelSelectorsLikeTheApiServer() {
    var selector =
        new LabelSelectorBuilder()
            .withMatchLabels(Map.of("fleet", "na"))
            .addNewMatchExpression()
            .withKey("hw")
            .withOperator("In")
            .withValues("hw3", "hw4")
            .endMatchExpression()
            .addNewMatchExpression()
            .withKey("retired")
            .withOperator("DoesNotExist")
            .endMatchExpression()
            .build();

    assertThat(Labels.matches(selector, Map.of("fleet", "na", "hw", "hw4"))).isTrue();
    assertThat(Labels.matches(selector, Map.of("fleet", "na", "hw", "hw2"))).isFalse();
    assertThat(Labels.matches(selector, Map.of("fleet", "na", "hw", "hw4", "retired", "y")))
        .isFalse();
    assertThat(Labels.matches(new LabelSelectorBuilder().build(), Map.of())).isTrue();
    assertThat(Labels.matches(null, Map.of("fleet", "na"))).isFalse();
  }
}
