package io.fleetloop.operator.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetloop.stats.Exposure;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FocusPlanTest {

  private static final String FOG_CONSTRUCTION =
      "env.weather == 'fog' && env.zone == 'construction'";

  @Test
  void choosesTheWeatherZoneGroupWithTheHighestRate() {
    var exposure =
        Map.of(
            "clear/highway/day/dry", Exposure.of(1000, 2),
            "fog/construction/day/dry", Exposure.of(30, 1),
            "fog/construction/night/wet", Exposure.of(20, 2), // same group: 3 in 50 km
            "rain/urban/day/wet", Exposure.of(100, 4));
    var f = FocusPlan.DEFAULT.choose(exposure, null).orElseThrow();
    assertThat(f.group()).isEqualTo("fog/construction");
    assertThat(f.km()).isEqualTo(50.0);
    assertThat(f.interventions()).isEqualTo(3);
    assertThat(f.ratePer1000Km()).isEqualTo(60.0);
    assertThat(f.condition()).isEqualTo(FOG_CONSTRUCTION);
  }

  @Test
  void thinGroupsAreNotJudged() {
    var exposure =
        Map.of("snow/rural/day/icy", Exposure.of(5, 5), "rain/urban/day/wet", Exposure.of(100, 1));
    assertThat(FocusPlan.DEFAULT.choose(exposure, null).orElseThrow().group())
        .isEqualTo("rain/urban");
  }

  @Test
  void noInterventionsNoFocus() {
    assertThat(FocusPlan.DEFAULT.choose(Map.of("clear/urban/day/dry", Exposure.of(500, 0)), null))
        .isEmpty();
    assertThat(FocusPlan.DEFAULT.choose(Map.of(), null)).isEmpty();
  }

  @Test
  void theFocusMovesOnlyWhenAnotherGroupIsClearlyWorse() {
    String rainUrban = "env.weather == 'rain' && env.zone == 'urban'";
    // rain/urban 10 per 1,000 km is the focus; fog/construction at 11 is within the 20% margin
    var close =
        Map.of(
            "rain/urban/day/wet", Exposure.of(1000, 10),
            "fog/construction/day/dry", Exposure.of(1000, 11));
    assertThat(FocusPlan.DEFAULT.choose(close, rainUrban).orElseThrow().condition())
        .isEqualTo(rainUrban);
    // at 13 it is clearly worse: the focus moves
    var clear =
        Map.of(
            "rain/urban/day/wet", Exposure.of(1000, 10),
            "fog/construction/day/dry", Exposure.of(1000, 13));
    assertThat(FocusPlan.DEFAULT.choose(clear, rainUrban).orElseThrow().condition())
        .isEqualTo(FOG_CONSTRUCTION);
  }

  @Test
  void labelsThatAreNotConditionsAreIgnored() {
    assertThat(FocusPlan.DEFAULT.choose(Map.of("unknown", Exposure.of(500, 9)), null)).isEmpty();
  }

  @Test
  void rejectsNonsenseSettings() {
    assertThatThrownBy(() -> new FocusPlan(-1, 1.2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FocusPlan(1, 0.5)).isInstanceOf(IllegalArgumentException.class);
  }
}
