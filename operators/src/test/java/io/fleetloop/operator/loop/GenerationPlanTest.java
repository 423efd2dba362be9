package io.fleetloop.operator.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetloop.api.v1alpha1.LoopStatus;
import io.fleetloop.operator.loop.GenerationPlan.Count;
import io.fleetloop.operator.loop.GenerationPlan.Run;
import io.fleetloop.operator.loop.GenerationPlan.Start;
import io.fleetloop.operator.loop.GenerationPlan.Unavailable;
import io.fleetloop.operator.loop.GenerationPlan.Wait;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GenerationPlanTest {

  @Test
  void startsTheFirstGenerationWhenSamplesSuffice() {
    var d =
        GenerationPlan.decide(
            "model-y", 5000, List.of(), 0, Optional.empty(), Optional.of(new Count(5000)));
    assertThat(d).isInstanceOf(Start.class);
    Start s = (Start) d;
    assertThat(s.generation()).isEqualTo(1);
    assertThat(s.runName()).isEqualTo("model-y-g1");
    assertThat(s.message()).contains("5,000 new samples");
  }

  @Test
  void waitsWithTheCountInWords() {
    var d =
        GenerationPlan.decide(
            "model-y", 5000, List.of(), 0, Optional.empty(), Optional.of(new Count(1234)));
    Wait w = (Wait) d;
    assertThat(w.reason()).isEqualTo(LoopStatus.REASON_WAITING_FOR_SAMPLES);
    assertThat(w.waitingFor()).isEqualTo("1,234 of 5,000 new samples");
    assertThat(w.pending()).isEqualTo(1234L);
  }

  @Test
  void aRunningGenerationBlocksTheNextWhateverTheSamples() {
    var runs = List.of(new Run("model-y-g1", 1, true), new Run("model-y-g2", 2, false));
    var d = GenerationPlan.decide("model-y", 10, runs, 2, Optional.empty(), Optional.empty());
    Wait w = (Wait) d;
    assertThat(w.reason()).isEqualTo(LoopStatus.REASON_GENERATION_IN_PROGRESS);
    assertThat(w.waitingFor()).contains("model-y-g2");
  }

  @Test
  void nextGenerationFollowsTheHighestKnownOne() {
    var runs = List.of(new Run("model-y-g1", 1, true), new Run("model-y-g3", 3, true));
    assertThat(
            ((Start)
                    GenerationPlan.decide(
                        "model-y", 1, runs, 2, Optional.empty(), Optional.of(new Count(7))))
                .runName())
        .isEqualTo("model-y-g4");
    // a run deleted by hand does not make the loop reuse its number: status remembers it
    assertThat(
            ((Start)
                    GenerationPlan.decide(
                        "model-y", 1, List.of(), 5, Optional.empty(), Optional.of(new Count(7))))
                .generation())
        .isEqualTo(6);
  }

  @Test
  void aCandidateStillRollingOutBlocksTheNextGeneration() {
    var runs = List.of(new Run("model-y-g1", 1, true));
    var d =
        GenerationPlan.decide(
            "model-y", 10, runs, 1, Optional.of("policy-g5"), Optional.of(new Count(99)));
    assertThat(d.reason()).isEqualTo(LoopStatus.REASON_ROLLOUT_IN_PROGRESS);
    assertThat(((Wait) d).waitingFor()).isEqualTo("the rollout of policy-g5 to finish");
  }

  @Test
  void anUnansweredCuratorIsAReasonNotAnError() {
    var d =
        GenerationPlan.decide(
            "r",
            1,
            List.of(),
            0,
            Optional.empty(),
            Optional.of(new Unavailable("curator at x:1 down")));
    assertThat(d.reason()).isEqualTo(LoopStatus.REASON_CURATOR_UNAVAILABLE);
    assertThat(d.message()).contains("curator at x:1 down");
  }

  @Test
  void idleWithoutACountIsAProgrammingError() {
    assertThatThrownBy(
            () -> GenerationPlan.decide("r", 1, List.of(), 0, Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
