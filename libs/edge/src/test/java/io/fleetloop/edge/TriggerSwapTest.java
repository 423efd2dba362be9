package io.fleetloop.edge;

import static io.fleetloop.edge.Frames.T0;
import static io.fleetloop.edge.Frames.agent;
import static io.fleetloop.edge.Frames.drive;
import static io.fleetloop.edge.Frames.takeAll;
import static io.fleetloop.edge.Frames.trigger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetloop.codec.ClipFrames;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A running agent switches to a new trigger set between two frames ({@code updateTriggers}). */
class TriggerSwapTest {

  private static final String KEPT = EdgeTrigger.idOf("test", "kept");
  private static final String GONE = EdgeTrigger.idOf("test", "gone");
  private static final String ADDED = EdgeTrigger.idOf("test", "added");

  private static EdgeTrigger kept(long generation) {
    return trigger("kept", "frame.takeover").generation(generation).build();
  }

  @Test
  void keptTriggersKeepTheirCountersAddedOnesStartAtZeroAndRemovedOnesLeave() {
    EdgeAgent agent = agent(kept(1), trigger("gone", "frame.takeover").build());
    drive(agent, 0, 10, T0, i -> i == 2 || i == 5);
    assertThat(agent.counters().trigger(KEPT).captured()).isEqualTo(2);
    assertThat(agent.counters().trigger(GONE).captured()).isEqualTo(2);

    agent.updateTriggers(
        TriggerSet.compile(List.of(kept(2), trigger("added", "frame.takeover").build())));
    assertThat(agent.triggers().size()).as("applied between frames, not at once").isEqualTo(2);
    assertThat(agent.counters().trigger(GONE).captured()).isEqualTo(2);

    drive(agent, 10, 10, T0, i -> i == 12);
    AgentCounters counters = agent.counters();
    assertThat(counters.triggers())
        .extracting(TriggerCounters::triggerId)
        .containsExactlyInAnyOrder(KEPT, ADDED);
    assertThat(counters.trigger(KEPT).captured()).as("2 before the swap + 1 after").isEqualTo(3);
    assertThat(counters.trigger(KEPT).evaluated()).isEqualTo(20);
    assertThat(counters.trigger(ADDED).captured()).isEqualTo(1);
    assertThat(agent.triggers().get(0).spec().generation()).isEqualTo(2);

    List<ClipFrames> clips = takeAll(agent);
    assertThat(clips).hasSize(2 + 2 + 1 + 1);
    assertThat(agent.counters().trigger(KEPT).uploadedClips()).isEqualTo(3);
    assertThat(agent.counters().trigger(ADDED).uploadedClips()).isEqualTo(1);
    assertThat(EdgeReports.report(agent).getTriggersList())
        .extracting(t -> t.getTriggerId() + "@" + t.getGeneration())
        .containsExactlyInAnyOrder(KEPT + "@2", ADDED + "@1");
  }

  @Test
  void theOpenWindowOfARemovedTriggerIsFinishedWithTheFramesCollectedSoFar() {
    EdgeAgent agent =
        agent(
            trigger("gone", "frame.takeover")
                .window(Duration.ofMillis(200), Duration.ofSeconds(2))
                .build());
    drive(agent, 0, 6, T0, i -> i == 3);
    assertThat(agent.counters().openWindows()).isEqualTo(1);
    assertThat(agent.outbox().size()).isZero();

    agent.updateTriggers(TriggerSet.compile(List.of(kept(1))));
    drive(agent, 6, 1, T0, i -> false);

    assertThat(agent.counters().openWindows()).isZero();
    List<ClipFrames> clips = takeAll(agent);
    assertThat(clips).hasSize(1);
    assertThat(clips.get(0).frames()).as("2 pre-roll, the firing frame, 2 post-roll").isEqualTo(5);
    assertThat(clips.get(0).triggerFrame()).isEqualTo(2);
  }

  @Test
  void theCooldownOfAKeptTriggerCarriesOverTheSwap() {
    EdgeAgent agent =
        agent(trigger("kept", "frame.takeover").cooldown(Duration.ofSeconds(10)).build());
    drive(agent, 0, 3, T0, i -> i == 1);
    agent.updateTriggers(
        TriggerSet.compile(
            List.of(
                trigger("kept", "frame.takeover").cooldown(Duration.ofSeconds(10)).build(),
                trigger("added", "frame.takeover").build())));
    drive(agent, 3, 3, T0, i -> i == 4);

    assertThat(agent.counters().trigger(KEPT).captured()).isEqualTo(1);
    assertThat(agent.counters().trigger(KEPT).cooldownSuppressed()).isEqualTo(1);
    assertThat(agent.counters().trigger(ADDED).captured()).isEqualTo(1);
  }

  @Test
  void aSetAtAnotherFrameIntervalIsRefused() {
    EdgeAgent agent = agent(kept(1));
    assertThatThrownBy(
            () -> agent.updateTriggers(TriggerSet.compile(List.of(kept(2)), Duration.ofMillis(50))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("50 ms");
  }
}
