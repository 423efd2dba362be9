package io.fleetloop.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The declarations, the records, both engines' bindings and the generated table agree. */
class TriggerVariablesTest {

  @Test
  void generatedTableIsUpToDate() throws IOException {
    Path root = Path.of(System.getProperty("fleetloop.root", "../.."));
    Path file = root.resolve(TriggerVariables.MARKDOWN_FILE);
    String committed = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    assertThat(committed)
        .as(
            "%s is stale; regenerate it from the repository root: ./mvnw -q -pl libs/trigger"
                + " compile exec:java -Dexec.mainClass=io.fleetloop.trigger.TriggerVariables"
                + " -Dexec.args=$PWD/%s",
            file.toAbsolutePath(), TriggerVariables.MARKDOWN_FILE)
        .isEqualTo(TriggerVariables.markdown());
  }

  @Test
  void everyFieldIsARecordComponentOfTheDeclaredJavaType() {
    for (TriggerVariables.Variable v : TriggerVariables.all()) {
      List<String> components =
          Arrays.stream(v.javaType().getRecordComponents()).map(RecordComponent::getName).toList();
      assertThat(components)
          .as(v.name())
          .containsExactlyElementsOf(
              v.fields().stream().map(TriggerVariables.Field::name).toList());
      for (RecordComponent component : v.javaType().getRecordComponents()) {
        TriggerVariables.Field field = v.field(component.getName()).orElseThrow();
        String javaType =
            component.getType().isMemberClass()
                ? component.getType().getEnclosingClass().getSimpleName()
                    + "."
                    + component.getType().getSimpleName()
                : component.getType().getSimpleName();
        assertThat(field.javaType()).as(v.name() + "." + field.name()).startsWith(javaType);
      }
    }
  }

  @Test
  void interpreterBindsEveryDeclaredField() {
    Frame frame = Frame.builder().build();
    Device device = new Device("d", Map.of(), "hw");
    assertKeys(TriggerVariables.FRAME, Interpreter.view(frame));
    assertKeys(TriggerVariables.SHADOW, Interpreter.view(Shadow.NONE));
    assertKeys(TriggerVariables.ENV, Interpreter.view(Env.DEFAULT));
    assertKeys(TriggerVariables.DEVICE, Interpreter.view(device));
  }

  private static void assertKeys(TriggerVariables.Variable v, Map<String, Object> map) {
    assertThat(map.keySet())
        .as(v.name())
        .containsExactlyElementsOf(v.fields().stream().map(TriggerVariables.Field::name).toList());
  }

  @Test
  void fastPathBindsEveryDeclaredField() {
    TriggerCompiler compiler = TriggerCompiler.create();
    for (TriggerVariables.Variable v : TriggerVariables.all()) {
      for (TriggerVariables.Field f : v.fields()) {
        String ref = v.name() + "." + f.name();
        String condition =
            switch (f.type()) {
              case BOOL -> ref;
              case INT -> ref + " > 0";
              case DOUBLE -> ref + " > 0.0";
              case STRING -> ref + " == '" + (f.values().isEmpty() ? "x" : f.values().get(0)) + "'";
              case STRING_MAP -> "'k' in " + ref + " && " + ref + "['k'] == 'v'";
            };
        CompiledTrigger trigger = compiler.compile(condition).orElseThrow();
        assertThat(trigger.engine())
            .as("%s: %s", condition, trigger.fallbackReason().orElse(""))
            .isEqualTo(Engine.FAST_PATH);
      }
    }
  }

  @Test
  void envValuesAreTheEnumsWireNames() {
    assertThat(TriggerVariables.ENV.field("weather").orElseThrow().values())
        .containsExactly("clear", "rain", "fog", "snow");
    assertThat(TriggerVariables.ENV.field("zone").orElseThrow().values())
        .containsExactly("highway", "urban", "residential", "construction", "school");
    assertThat(TriggerVariables.ENV.field("light").orElseThrow().values())
        .containsExactly("day", "dusk", "night");
    assertThat(TriggerVariables.ENV.field("road").orElseThrow().values())
        .containsExactly("dry", "wet", "icy");
    assertThat(Env.Weather.fromWire("fog")).contains(Env.Weather.FOG);
    assertThat(Env.Zone.fromWire("Fog")).isEmpty();
  }
}
