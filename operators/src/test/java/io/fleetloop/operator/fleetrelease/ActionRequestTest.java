package io.fleetloop.operator.fleetrelease;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.api.v1alpha1.FleetloopApi;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActionRequestTest {

  private static ActionRequest read(String value) {
    return ActionRequest.read(Map.of(FleetloopApi.ACTION_ANNOTATION, value)).orElseThrow();
  }

  @Test
  void noAnnotationAsksNothing() {
    assertThat(ActionRequest.read(null)).isEmpty();
    assertThat(ActionRequest.read(Map.of("other", "x"))).isEmpty();
  }

  @Test
  void readsOneVerbAnyCase() {
    assertThat(read(" Promote ")).returns(ActionRequest.Kind.VERB, ActionRequest::kind);
    assertThat(read(" Promote ").verb()).isEqualTo("promote");
  }

  @Test
  void unknownAndConflictingValuesAreNotVerbs() {
    assertThat(read("promot").kind()).isEqualTo(ActionRequest.Kind.UNKNOWN);
    assertThat(read("").kind()).isEqualTo(ActionRequest.Kind.UNKNOWN);
    assertThat(read("promote,abort").kind()).isEqualTo(ActionRequest.Kind.CONFLICTING);
    assertThat(read("promote abort").kind()).isEqualTo(ActionRequest.Kind.CONFLICTING);
    assertThat(read("retry,retry").kind()).isEqualTo(ActionRequest.Kind.VERB);
  }
}
