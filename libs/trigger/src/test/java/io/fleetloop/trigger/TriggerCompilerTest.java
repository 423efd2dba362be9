package io.fleetloop.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TriggerCompilerTest {

  private static final TriggerCompiler COMPILER = TriggerCompiler.create();

  private static CompileError onlyError(String condition) {
    CompileResult result = COMPILER.compile(condition);
    assertThat(result.ok()).as("compiled: %s", condition).isFalse();
    assertThat(result.trigger()).isEmpty();
    assertThat(result.errors()).hasSize(1);
    return result.errors().get(0);
  }

  @Test
  void apiExampleCompilesToTheFastPath() {
    CompileResult result =
        COMPILER.compile(
            "frame.takeover || shadow.disagreement > 0.3"
                + " || (env.weather == 'fog' && env.zone == 'construction')");
    assertThat(result.ok()).isTrue();
    assertThat(result.errors()).isEmpty();
    assertThat(result.message()).isEmpty();
    assertThat(result.orElseThrow().engine()).isEqualTo(Engine.FAST_PATH);
    assertThat(result.orElseThrow().fallbackReason()).isEmpty();
  }

  @Test
  void misspeltFieldPointsAtTheNameAndSuggestsTheField() {
    CompileError error = onlyError("frame.takover");
    assertThat(error.message()).isEqualTo("undefined field 'takover' (did you mean 'takeover'?)");
    assertThat(error.line()).isEqualTo(1);
    assertThat(error.column()).isEqualTo(7);
    assertThat(error.offset()).isEqualTo(6);
    assertThat(error.summary())
        .isEqualTo("1:7: undefined field 'takover' (did you mean 'takeover'?)");
    assertThat(error.toString())
        .isEqualTo(
            "1:7: undefined field 'takover' (did you mean 'takeover'?)\n"
                + " | frame.takover\n"
                + " | ......^");
  }

  @Test
  void unknownFieldListsTheVariablesFields() {
    CompileError error = onlyError("shadow.confidence > 0.5");
    assertThat(error.message())
        .isEqualTo(
            "undefined field 'confidence'; shadow has disagreement, activeAction, shadowAction,"
                + " activeSteering, shadowSteering");
    assertThat(error.column()).isEqualTo(8);
  }

  @Test
  void fieldsOnEveryVariableAreChecked() {
    assertThat(onlyError("env.wether == 'fog'").message()).contains("did you mean 'weather'");
    assertThat(onlyError("device.label['a'] == 'b'").message()).contains("did you mean 'labels'");
    assertThat(onlyError("frame.speedmps > 1.0").message()).contains("did you mean 'speedMps'");
  }

  @Test
  void comparingADoubleWithAStringIsATypeError() {
    CompileError error = onlyError("frame.speedMps == 'x'");
    assertThat(error.message())
        .startsWith("found no matching overload for '_==_' applied to '(double, string)'");
    assertThat(error.summary()).startsWith("1:16: ");
    assertThat(error.offset()).isEqualTo(15);
  }

  @Test
  void equalityOfIntAndDoubleExplainsTheLiteral() {
    CompileError error = onlyError("frame.speedMps == 30");
    assertThat(error.message()).contains("applied to '(double, int)'").contains("write 30.0");
  }

  @Test
  void orderingIntAgainstDoubleIsAllowed() {
    assertThat(COMPILER.compile("frame.speedMps > 30 && 2 < frame.ttcSeconds").ok()).isTrue();
  }

  @Test
  void nonBoolResultIsRejected() {
    CompileError error = onlyError("frame.speedMps + 1.0");
    assertThat(error.message())
        .startsWith("expected type 'bool' but found 'double'")
        .contains("must be true or false");
    assertThat(error.line()).isEqualTo(1);
    assertThat(error.column()).isEqualTo(16);
  }

  @Test
  void dynResultIsRejected() {
    CompileError error = onlyError("[1, 'a'][0]");
    assertThat(error.message()).contains("type is dyn, not bool");
  }

  @Test
  void syntaxErrorOnTheSecondLine() {
    CompileError error = onlyError("frame.speedMps > 2.0 &&\n  )");
    assertThat(error.message()).startsWith("mismatched input ')'");
    assertThat(error.line()).isEqualTo(2);
    assertThat(error.column()).isEqualTo(3);
    assertThat(error.offset()).isEqualTo(26);
    assertThat(error.snippet()).isEqualTo(" |   )\n | ..^");
  }

  @Test
  void undeclaredVariableSuggestsOne() {
    assertThat(onlyError("frme.speedMps > 1.0").message())
        .isEqualTo("undeclared reference to 'frme' (did you mean 'frame'?)");
    assertThat(onlyError("vehicle.speed > 1.0").message())
        .isEqualTo(
            "undeclared reference to 'vehicle'; the variables are frame, shadow, env and device");
  }

  @Test
  void envValueOutsideItsSetIsRejected() {
    CompileError error = onlyError("env.weather == 'foggy'");
    assertThat(error.message())
        .isEqualTo(
            "'foggy' is not a value of env.weather (clear, rain, fog, snow), so this comparison"
                + " is never true; did you mean 'fog'?");
    assertThat(error.column()).isEqualTo(16);

    CompileResult inList = COMPILER.compile("'school' != env.zone && env.zone in ['shcool', 'x']");
    assertThat(inList.errors())
        .extracting(CompileError::column)
        .containsExactly(38, 48); // in source order
    assertThat(inList.errors().get(0).message()).contains("did you mean 'school'");
  }

  @Test
  void structConstructionIsRejected() {
    assertThat(onlyError("fleetloop.Frame{speedMps: 1.0}.speedMps > 0.0").message())
        .startsWith("creating a fleetloop.Frame value is not supported");
  }

  @Test
  void emptyAndBlankAndNullAreRejectedClearly() {
    for (String blank : new String[] {"", "   \n\t", null}) {
      CompileError error = onlyError(blank);
      assertThat(error.message()).startsWith("the condition is empty");
      assertThat(error.line()).isZero();
      assertThat(error.offset()).isEqualTo(-1);
      assertThat(error.toString()).isEqualTo(error.message());
    }
  }

  @Test
  void overlongConditionIsRejectedAtTheLimit() {
    String condition = "true || ".repeat(600) + "true"; // 4804 characters
    CompileError error = onlyError(condition);
    assertThat(error.message())
        .isEqualTo(
            "the condition is 4804 characters long; the limit is 4096 (split it into several"
                + " triggers)");
    assertThat(error.offset()).isEqualTo(4096);
    assertThat(error.column()).isEqualTo(4097);
    assertThat(error.snippet().length()).isLessThan(300);

    String atLimit = "frame.takeover || " + " ".repeat(4096 - 18 - 4) + "true";
    assertThat(atLimit.length()).isEqualTo(4096);
    assertThat(COMPILER.compile(atLimit).ok()).isTrue();
  }

  @Test
  void lengthCountsCharactersNotUtf16Units() {
    String emoji = "\uD83D\uDE97"; // one code point, two chars
    String condition = "device.id == '" + emoji.repeat(2100) + "'";
    assertThat(condition.length()).isGreaterThan(4096);
    assertThat(condition.codePointCount(0, condition.length())).isLessThanOrEqualTo(4096);
    assertThat(COMPILER.compile(condition).ok()).isTrue();
  }

  @Test
  void deepNestingIsAnErrorNotACrash() {
    CompileError error = onlyError("(".repeat(300) + "true" + ")".repeat(300));
    assertThat(error.message()).contains("recursion limit");
  }

  @Test
  void severalErrorsAreAllReported() {
    CompileResult result = COMPILER.compile("frame.takover || shadow.disagrement > 0.3");
    assertThat(result.errors()).extracting(CompileError::column).containsExactly(7, 25);
    assertThat(result.message()).contains("takeover").contains("disagreement").contains("\n\n");
  }

  @Test
  void orElseThrowCarriesTheMessage() {
    assertThatThrownBy(() -> COMPILER.compile("frame.takover").orElseThrow())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1:7: undefined field 'takover'");
  }

  @Test
  void garbageNeverThrows() {
    List<String> tokens =
        List.of(
            "frame",
            "shadow",
            "env",
            "device",
            ".",
            "speedMps",
            "labels",
            "[",
            "]",
            "(",
            ")",
            "'x'",
            "\"",
            "1",
            "2.5",
            "-",
            "+",
            "*",
            "/",
            "%",
            "==",
            "<",
            "&&",
            "||",
            "!",
            "?",
            ":",
            "in",
            "has",
            "{",
            "}",
            ",",
            "\\",
            "\u00e9",
            "\uD83D",
            " ",
            "\n",
            "size",
            "1u",
            "b'",
            "null",
            "true",
            ".exists(x,",
            "[1,2]");
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 1_000; i++) {
      StringBuilder condition = new StringBuilder();
      int length = 1 + random.nextInt(12);
      for (int t = 0; t < length; t++) {
        condition.append(tokens.get(random.nextInt(tokens.size())));
      }
      CompileResult result = COMPILER.compile(condition.toString());
      if (!result.ok()) {
        assertThat(result.errors()).allSatisfy(e -> assertThat(e.message()).isNotBlank());
      }
    }
  }

  @Test
  void interpreterOnlyCompilerNeverUsesTheFastPath() {
    CompiledTrigger trigger =
        TriggerCompiler.interpreterOnly().compile("frame.takeover").orElseThrow();
    assertThat(trigger.engine()).isEqualTo(Engine.INTERPRETER);
    assertThat(trigger.fallbackReason()).contains("the fast path is switched off");
  }
}
