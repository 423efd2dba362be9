package io.fleetloop.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Constructs the fast path does not compile run on the interpreter, with the same answers. */
class FallbackTest {

  private static final TriggerCompiler COMPILER = TriggerCompiler.create();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          device.id.startsWith('car-1') && frame.speedMps > 10.0 | function 'startsWith' at 1:21
          device.labels.exists(k, k == 'region')                 | comprehension at 1:21
          size(shadow.activeAction) > 4                          | function 'size' at 1:5
          shadow.activeAction + '/' + shadow.shadowAction == 'brake/stop' | function '_+_'
          frame.pedestrians in [1, 2.0]                          | 'in' on a list of mixed types
          shadow.activeAction < shadow.shadowAction              | ordering of STRING and STRING
          1u < 2u && frame.takeover                              | ordering of UINT and UINT
          """)
  void unsupportedConstructFallsBackToTheInterpreter(String condition, String reason) {
    CompiledTrigger trigger = COMPILER.compile(condition).orElseThrow();
    assertThat(trigger.engine()).isEqualTo(Engine.INTERPRETER);
    assertThat(trigger.fallbackReason()).hasValueSatisfying(r -> assertThat(r).contains(reason));
    assertThatThrownBy(() -> trigger.evaluator(Engine.FAST_PATH))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(reason);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          device.id.startsWith('car-1') && frame.speedMps > 10.0
          device.labels.exists(k, k == 'region')
          size(shadow.activeAction) > 4
          shadow.activeAction + '/' + shadow.shadowAction == 'brake/stop'
          frame.pedestrians in [1, 2.0]
          shadow.activeAction < shadow.shadowAction
          """)
  void fallbackAnswersMatchJava(String condition) {
    Map<String, Predicate<RandomInputs.Input>> java =
        Map.of(
            "device.id.startsWith('car-1') && frame.speedMps > 10.0",
            in -> in.device().id().startsWith("car-1") && in.frame().speedMps() > 10.0,
            "device.labels.exists(k, k == 'region')",
            in -> in.device().labels().containsKey("region"),
            "size(shadow.activeAction) > 4",
            in -> in.shadow().activeAction().length() > 4,
            "shadow.activeAction + '/' + shadow.shadowAction == 'brake/stop'",
            in ->
                in.shadow().activeAction().equals("brake")
                    && in.shadow().shadowAction().equals("stop"),
            "frame.pedestrians in [1, 2.0]",
            in -> in.frame().pedestrians() == 1 || in.frame().pedestrians() == 2,
            "shadow.activeAction < shadow.shadowAction",
            in -> in.shadow().activeAction().compareTo(in.shadow().shadowAction()) < 0);
    CompiledTrigger trigger = COMPILER.compile(condition).orElseThrow();
    RandomInputs inputs = new RandomInputs(99L);
    int fired = 0;
    for (int i = 0; i < 1_000; i++) {
      RandomInputs.Input in = inputs.next();
      boolean expected = java.get(condition).test(in);
      assertThat(trigger.evaluate(in.frame(), in.shadow(), in.env(), in.device()))
          .as("%s on %s", condition, in)
          .isEqualTo(expected);
      fired += expected ? 1 : 0;
    }
    assertThat(fired).as("fired").isBetween(1, 999);
    assertThat(trigger.errorCount()).isZero();
  }
}
