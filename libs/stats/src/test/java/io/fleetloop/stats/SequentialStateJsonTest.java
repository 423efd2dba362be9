package io.fleetloop.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The state goes into the FleetRelease status as JSON and must come back as the same test. */
class SequentialStateJsonTest {

  private final ObjectMapper json = new ObjectMapper();
  private final StageAnalyzer analyzer = new StageAnalyzer();
  private final AnalysisPlan plan = AnalysisPlan.defaults();

  @Test
  void anOperatorRestartedFromTheStoredJsonResumesTheSameTest() throws Exception {
    StageData look1 =
        StageData.builder(0)
            .minKm(5000)
            .condition("clear", 700, 1, 69_300, 42)
            .condition("fog", 30, 1, 2970, 6)
            .build();
    StageData look2 =
        StageData.builder(0)
            .minKm(5000)
            .condition("clear", 1400, 3, 138_600, 83)
            .condition("fog", 60, 4, 5940, 12)
            .build();
    StageData look3 =
        StageData.builder(0)
            .minKm(5000)
            .condition("clear", 2100, 4, 207_900, 125)
            .condition("fog", 90, 6, 8910, 18)
            .build();

    SequentialState s1 = analyzer.analyze(plan, look1, null).state();
    SequentialState s2 = analyzer.analyze(plan, look2, s1).state();
    StageResult uninterrupted = analyzer.analyze(plan, look3, s2);

    String stored = json.writeValueAsString(s2);
    SequentialState restored = json.readValue(stored, SequentialState.class);
    StageResult resumed = analyzer.analyze(plan, look3, restored);

    assertThat(restored).isEqualTo(s2);
    assertThat(resumed).isEqualTo(uninterrupted);
    assertThat(stored.length()).as("small enough for a status field").isLessThan(1500);
  }
}
