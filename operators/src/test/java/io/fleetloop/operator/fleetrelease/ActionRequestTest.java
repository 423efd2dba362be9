package io.fleetloop.operator.fleetrelease;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.FleetloopApi;
import io.fleetloop.operator.common.Finding;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActionRequestTest {

  @Test
  void noAnnotationAsksNothing() {
    assertThat(ActionRequest.read(null)).isEmpty();
    assertThat(ActionRequest.read(Map.of("other", "x"))).isEmpty();
  }

  @Test
  void anUnknownVerbNamesTheAllowedOnes() {
    var finding =
        ActionRequest.read(Map.of(FleetloopApi.ACTION_ANNOTATION, "promot")).orElseThrow();

    assertThat(finding)
        .returns(ActionRequest.CONDITION, Finding::type)
        .returns(ConditionTypes.FALSE, Finding::status)
        .returns(ActionRequest.UNKNOWN_ACTION, Finding::reason);
    assertThat(finding.message()).contains("'promot'", "promote, abort, undo, retry");
  }

  @Test
  void aKnownVerbIsNotAvailableYet() {
    for (String verb : ActionRequest.VERBS) {
      var finding =
          ActionRequest.read(Map.of(FleetloopApi.ACTION_ANNOTATION, " " + verb.toUpperCase()))
              .orElseThrow();

      assertThat(finding.reason()).isEqualTo(ActionRequest.ACTION_NOT_AVAILABLE);
      assertThat(finding.message()).contains("'" + verb + "'", "not part of this release");
    }
  }
}
