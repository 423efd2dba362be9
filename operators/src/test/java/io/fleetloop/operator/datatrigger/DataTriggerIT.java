package io.fleetloop.operator.datatrigger;

import static io.fleetloop.operator.testing.OperatorEnvironment.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.api.common.Condition;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.common.Reasons;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.DataTriggerStatus;
import io.fleetloop.operator.testing.Fixtures;
import io.fleetloop.operator.testing.OperatorEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DataTriggerIT {

  @RegisterExtension static final OperatorEnvironment env = new OperatorEnvironment();

  @Test
  void aValidTriggerCompilesAndFollowsItsSpec() {
    env.create(Fixtures.dataTrigger(null, "fog", "env.weather == 'fog'"));

    eventually()
        .untilAsserted(
            () -> {
              DataTrigger trigger = env.get(DataTrigger.class, "fog");
              assertThat(trigger.getStatus().getObservedGeneration()).isEqualTo(1L);
              assertThat(trigger.getStatus().condition(DataTriggerStatus.COMPILED))
                  .get()
                  .returns(ConditionTypes.TRUE, Condition::getStatus)
                  .returns(TriggerCompilation.COMPILED, Condition::getReason)
                  .returns(1L, Condition::getObservedGeneration);
              assertThat(trigger.getStatus().condition(ConditionTypes.READY))
                  .get()
                  .returns(ConditionTypes.TRUE, Condition::getStatus);
            });
    DataTrigger trigger = env.get(DataTrigger.class, "fog");
    // no release channel is configured here: Distributed is Unknown and says why, no figures
    assertThat(trigger.getStatus().condition(DataTriggerStatus.DISTRIBUTED))
        .get()
        .returns(ConditionTypes.UNKNOWN, Condition::getStatus)
        .returns(DataTriggerStatus.REASON_NO_RELEASE_CHANNEL, Condition::getReason)
        .satisfies(c -> assertThat(c.getMessage()).contains("FLEETLOOP_RELEASE_ENDPOINT"));
    assertThat(trigger.getStatus().getDevices()).isNull();
    assertThat(trigger.getStatus().getFirings()).isNull();
    assertThat(trigger.getStatus().getUploads()).isNull();
    assertThat(trigger.getMetadata().getFinalizers())
        .containsExactly("datatriggers.fleetloop.io/finalizer");
    assertThat(env.client().v1().events().inNamespace(env.namespace()).list().getItems())
        .anySatisfy(
            e -> {
              assertThat(e.getInvolvedObject().getName()).isEqualTo("fog");
              assertThat(e.getReason()).isEqualTo(TriggerCompilation.COMPILED);
              assertThat(e.getType()).isEqualTo("Normal");
            });

    env.edit(
        DataTrigger.class,
        "fog",
        t -> t.getSpec().setCondition("frame.takeover || shadow.disagreement > 0.3"));

    eventually()
        .untilAsserted(
            () -> {
              DataTrigger updated = env.get(DataTrigger.class, "fog");
              assertThat(updated.getMetadata().getGeneration()).isEqualTo(2L);
              assertThat(updated.getStatus().getObservedGeneration()).isEqualTo(2L);
              assertThat(updated.getStatus().condition(DataTriggerStatus.COMPILED))
                  .get()
                  .returns(2L, Condition::getObservedGeneration);
            });
  }

  @Test
  void aConditionThatDoesNotCompileIsReportedWithItsPositionOnce() {
    env.create(Fixtures.dataTrigger(null, "typo", "frame.takover"));

    eventually()
        .untilAsserted(
            () ->
                assertThat(env.condition(DataTrigger.class, "typo", DataTriggerStatus.COMPILED))
                    .get()
                    .returns(ConditionTypes.FALSE, Condition::getStatus)
                    .returns(TriggerCompilation.COMPILE_ERROR, Condition::getReason)
                    .satisfies(c -> assertThat(c.getMessage()).contains("1:7:", "takover")));
    assertThat(env.condition(DataTrigger.class, "typo", ConditionTypes.READY))
        .get()
        .returns(ConditionTypes.FALSE, Condition::getStatus)
        .returns(TriggerCompilation.COMPILE_ERROR, Condition::getReason);
    env.assertNotWrittenFor(DataTrigger.class, "typo", Duration.ofSeconds(3));
  }

  @Test
  void aSpecBreakingTheContractIsInvalidUntilFixed() {
    DataTrigger trigger = Fixtures.dataTrigger(null, "loud", "frame.takeover");
    trigger.getSpec().setPriority(101);
    env.create(trigger);

    eventually()
        .untilAsserted(
            () ->
                assertThat(env.condition(DataTrigger.class, "loud", ConditionTypes.READY))
                    .get()
                    .returns(ConditionTypes.FALSE, Condition::getStatus)
                    .returns(Reasons.INVALID_SPEC, Condition::getReason)
                    .returns(1L, Condition::getObservedGeneration)
                    .satisfies(c -> assertThat(c.getMessage()).contains("spec.priority")));
    assertThat(env.get(DataTrigger.class, "loud").getStatus().getObservedGeneration())
        .isEqualTo(1L);
    env.assertNotWrittenFor(DataTrigger.class, "loud", Duration.ofSeconds(3));

    env.edit(DataTrigger.class, "loud", t -> t.getSpec().setPriority(100));

    eventually()
        .untilAsserted(
            () ->
                assertThat(env.condition(DataTrigger.class, "loud", ConditionTypes.READY))
                    .get()
                    .returns(ConditionTypes.TRUE, Condition::getStatus)
                    .returns(2L, Condition::getObservedGeneration));
  }

  @Test
  void deletionRemovesTheFinalizer() {
    env.create(Fixtures.dataTrigger(null, "short-lived", "frame.brake > 0.8"));
    eventually()
        .until(
            () ->
                env.condition(DataTrigger.class, "short-lived", ConditionTypes.READY).isPresent());

    env.deleteAndAwaitGone(DataTrigger.class, "short-lived");

    assertThat(env.client().v1().events().inNamespace(env.namespace()).list().getItems())
        .anySatisfy(
            e -> {
              assertThat(e.getInvolvedObject().getName()).isEqualTo("short-lived");
              assertThat(e.getReason()).isEqualTo("CleanedUp");
            });
  }
}
