package io.fleetloop.operator.datatrigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.DataTriggerStatus;
import io.fleetloop.operator.common.Finding;
import io.fleetloop.trigger.TriggerCompiler;
import org.junit.jupiter.api.Test;

class TriggerCompilationTest {

  private static final TriggerCompilation COMPILATION =
      new TriggerCompilation(TriggerCompiler.create()::compile);

  @Test
  void aValidConditionCompilesAndTheTriggerIsReady() {
    var outcome =
        COMPILATION.compile(
            "frame.takeover || shadow.disagreement > 0.3"
                + " || (env.weather == 'fog' && env.zone == 'construction')");

    assertThat(outcome.compiled())
        .returns(DataTriggerStatus.COMPILED, Finding::type)
        .returns(ConditionTypes.TRUE, Finding::status)
        .returns(TriggerCompilation.COMPILED, Finding::reason);
    assertThat(outcome.ready())
        .returns(ConditionTypes.READY, Finding::type)
        .returns(ConditionTypes.TRUE, Finding::status);
  }

  @Test
  void aBadConditionGivesTheErrorAndItsPosition() {
    var outcome = COMPILATION.compile("frame.takover");

    assertThat(outcome.compiled())
        .returns(ConditionTypes.FALSE, Finding::status)
        .returns(TriggerCompilation.COMPILE_ERROR, Finding::reason);
    assertThat(outcome.compiled().message()).contains("1:7:", "takover");
    assertThat(outcome.ready())
        .returns(ConditionTypes.FALSE, Finding::status)
        .returns(TriggerCompilation.COMPILE_ERROR, Finding::reason)
        .returns(outcome.compiled().message(), Finding::message);
  }
}
