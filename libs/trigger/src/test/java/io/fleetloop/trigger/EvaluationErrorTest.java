package io.fleetloop.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Evaluation errors become false plus a counted error, on both engines; nothing escapes. */
class EvaluationErrorTest {

  private static final Frame FRAME =
      Frame.builder().speedMps(12.0).pedestrians(2).timestampMs(Long.MAX_VALUE).build();
  private static final TriggerCompiler FAST = TriggerCompiler.create();
  private static final TriggerCompiler INTERPRETER = TriggerCompiler.interpreterOnly();
  private static final Device DEVICE = new Device("car-9", Map.of("fleet", "y"), "fsd-hw4");

  private static CompiledTrigger compile(Engine engine, String condition) {
    TriggerCompiler compiler = engine == Engine.FAST_PATH ? FAST : INTERPRETER;
    CompiledTrigger trigger = compiler.compile(condition).orElseThrow();
    assertThat(trigger.engine()).isEqualTo(engine);
    return trigger;
  }

  private static boolean eval(CompiledTrigger trigger) {
    return trigger.evaluate(FRAME, Shadow.NONE, Env.DEFAULT, DEVICE);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void missingLabelIsFalseAndCounted(Engine engine) {
    CompiledTrigger trigger = compile(engine, "device.labels['region'] == 'eu'");
    assertThat(eval(trigger)).isFalse();
    assertThat(eval(trigger)).isFalse();
    assertThat(trigger.errorCount()).isEqualTo(2);
    assertThat(trigger.lastError()).hasValueSatisfying(m -> assertThat(m).contains("region"));
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void overflowAndDivisionByZeroAreFalseAndCounted(Engine engine) {
    for (String condition :
        new String[] {
          "frame.timestampMs + 1 > 0",
          "frame.timestampMs * 2 > 0",
          "-frame.timestampMs - 2 < 0",
          "frame.pedestrians / 0 == 1",
          "frame.pedestrians % 0 == 1",
          "!(frame.pedestrians / 0 == 1)",
        }) {
      CompiledTrigger trigger = compile(engine, condition);
      assertThat(eval(trigger)).as(condition).isFalse();
      assertThat(trigger.errorCount()).as(condition).isEqualTo(1);
      assertThat(trigger.outcome(Engine.INTERPRETER, FRAME, Shadow.NONE, Env.DEFAULT, DEVICE))
          .isEqualTo(Outcome.ERROR);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void errorsAreAbsorbedByTheDecidingSideInEitherOrder(Engine engine) {
    String error = "frame.timestampMs + 1 > 0";
    assertThat(eval(compile(engine, error + " || frame.pedestrians == 2"))).isTrue();
    assertThat(eval(compile(engine, "frame.pedestrians == 2 || " + error))).isTrue();
    CompiledTrigger and = compile(engine, error + " && frame.pedestrians == 3");
    assertThat(and.outcome(engine, FRAME, Shadow.NONE, Env.DEFAULT, DEVICE))
        .isEqualTo(Outcome.FALSE);
    CompiledTrigger andTrue = compile(engine, error + " && frame.pedestrians == 2");
    assertThat(andTrue.outcome(engine, FRAME, Shadow.NONE, Env.DEFAULT, DEVICE))
        .isEqualTo(Outcome.ERROR);
    CompiledTrigger ternary = compile(engine, "frame.pedestrians == 2 ? true : " + error);
    assertThat(ternary.outcome(engine, FRAME, Shadow.NONE, Env.DEFAULT, DEVICE))
        .isEqualTo(Outcome.TRUE);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void nullInputIsCountedNotThrown(Engine engine) {
    CompiledTrigger trigger = compile(engine, "frame.takeover || device.id == 'x'");
    assertThat(trigger.evaluate(null, Shadow.NONE, Env.DEFAULT, DEVICE)).isFalse();
    assertThat(trigger.errorCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void evaluatorForAnEngineCountsErrorsToo(Engine engine) {
    CompiledTrigger trigger = compile(Engine.FAST_PATH, "device.labels.region == 'eu'");
    TriggerEvaluator evaluator = trigger.evaluator(engine);
    assertThat(evaluator.evaluate(FRAME, Shadow.NONE, Env.DEFAULT, DEVICE)).isFalse();
    assertThat(trigger.errorCount()).isEqualTo(1);
  }
}
