package io.fleetloop.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TriggerSetTest {

  private static EdgeTrigger trigger(String name, String condition) {
    return EdgeTrigger.builder(EdgeTrigger.idOf("fleet", name), condition).build();
  }

  @Test
  void compilesOnceAndCountsWindowsInFrames() {
    TriggerSet set =
        TriggerSet.compile(
            List.of(
                trigger("takeovers", "frame.takeover"),
                trigger("fog", "env.weather == 'fog' && env.zone == 'construction'").toBuilder()
                    .window(Duration.ofSeconds(8), Duration.ofMillis(1500))
                    .build()));
    assertThat(set.size()).isEqualTo(2);
    assertThat(set.get(0).preRollFrames()).isEqualTo(50);
    assertThat(set.get(0).postRollFrames()).isEqualTo(30);
    assertThat(set.get(1).preRollFrames()).isEqualTo(80);
    assertThat(set.get(1).postRollFrames()).isEqualTo(15);
    assertThat(set.maxPreRollFrames()).isEqualTo(80);
    assertThat(set.get(1).index()).isEqualTo(1);
  }

  @Test
  void aConditionThatDoesNotCompileRefusesTheWholeSet() {
    assertThatThrownBy(
            () ->
                TriggerSet.compile(
                    List.of(
                        trigger("ok", "frame.takeover"),
                        trigger("typo", "frame.takover || shadow.disagreement > 0.3"))))
        .isInstanceOf(InvalidTriggerException.class)
        .hasMessageContaining("datatrigger/fleet/typo")
        .hasMessageContaining("1:7: undefined field 'takover'")
        .hasMessageContaining("takover")
        .hasMessageContaining("must not reach a device")
        .satisfies(
            e ->
                assertThat(((InvalidTriggerException) e).triggerIds())
                    .containsExactly("datatrigger/fleet/typo"));
  }

  @Test
  void duplicateIdsAreRefused() {
    assertThatThrownBy(
            () -> TriggerSet.compile(List.of(trigger("a", "true"), trigger("a", "false"))))
        .isInstanceOf(InvalidTriggerException.class)
        .hasMessageContaining("more than once");
  }

  @Test
  void specFieldsAreChecked() {
    assertThatThrownBy(() -> trigger("p", "true").toBuilder().priority(101).build())
        .hasMessageContaining("priority must be in 0..100");
    assertThatThrownBy(() -> trigger("s", "true").toBuilder().samplingRate(0).build())
        .hasMessageContaining("sampling rate");
    assertThatThrownBy(() -> EdgeTrigger.builder("takeovers", "true").build())
        .hasMessageContaining("datatrigger/<namespace>/<name>");
  }

  @Test
  void specValuesParseDurationsAndQuantities() {
    assertThat(SpecValues.duration("5s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(SpecValues.duration("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(SpecValues.duration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(SpecValues.duration("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(SpecValues.duration("0")).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> SpecValues.duration("5 sec")).hasMessageContaining("not a duration");
    assertThat(SpecValues.bytes("64Mi")).isEqualTo(64L << 20);
    assertThat(SpecValues.bytes("1G")).isEqualTo(1_000_000_000L);
    assertThat(SpecValues.bytes("4096")).isEqualTo(4096);
    assertThatThrownBy(() -> SpecValues.bytes("64MB")).hasMessageContaining("not a byte quantity");
  }
}
