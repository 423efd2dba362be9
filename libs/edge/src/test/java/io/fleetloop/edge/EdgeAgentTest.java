package io.fleetloop.edge;

import static io.fleetloop.edge.Frames.DAY_MS;
import static io.fleetloop.edge.Frames.T0;
import static io.fleetloop.edge.Frames.agent;
import static io.fleetloop.edge.Frames.drive;
import static io.fleetloop.edge.Frames.takeAll;
import static io.fleetloop.edge.Frames.trigger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetloop.codec.ClipFrames;
import io.fleetloop.ingest.api.ClipDigests;
import io.fleetloop.ingest.grpc.ClipHeader;
import io.fleetloop.trigger.Device;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EdgeAgentTest {

  private static final String ID = "datatrigger/test/t";

  @Test
  void clipHoldsThePreRollTheFiringFrameAndThePostRoll() {
    EdgeAgent agent =
        agent(
            trigger("t", "frame.takeover")
                .window(Duration.ofSeconds(1), Duration.ofMillis(500))
                .build());
    drive(agent, 30, i -> i == 20);

    List<ClipFrames> clips = takeAll(agent);
    assertThat(clips).hasSize(1);
    ClipFrames clip = clips.get(0);
    assertThat(clip.frames()).isEqualTo(10 + 1 + 5);
    assertThat(clip.triggerFrame()).isEqualTo(10);
    assertThat(clip.startTimestampMs()).isEqualTo(T0 + 10 * 100L);
    assertThat(clip.frameIntervalMs()).isEqualTo(100);
    for (int f = 0; f < clip.frames(); f++) {
      int frame = 10 + f;
      assertThat(clip.frameFeatures(f)[0]).as("frame number of clip frame %d", f).isEqualTo(frame);
      assertThat(clip.humanAction()[f]).isEqualTo((byte) (frame % 4));
      assertThat(clip.humanSteering()[f]).isEqualTo((float) (0.01 * frame));
      assertThat(clip.takeover(f)).isEqualTo(frame == 20);
      assertThat(clip.shadowAction()[f]).isNotEqualTo(ClipFrames.NO_SHADOW);
    }
    assertThat(agent.counters().trigger(ID).captured()).isEqualTo(1);
  }

  @Test
  void clipIsNotReadyUntilThePostRollIsComplete() {
    EdgeAgent agent =
        agent(trigger("t", "frame.takeover").window(Duration.ZERO, Duration.ofSeconds(1)).build());
    drive(agent, 0, 15, T0, i -> i == 5);
    assertThat(agent.outbox().size()).as("9 of 10 post-roll frames seen").isZero();
    assertThat(agent.counters().openWindows()).isEqualTo(1);
    drive(agent, 15, 1, T0, i -> false);
    assertThat(agent.outbox().size()).isEqualTo(1);
    assertThat(agent.counters().openWindows()).isZero();
  }

  @Test
  void preRollIsShorterAtTheStartOfTheDriveAndFlushClosesOpenWindows() {
    EdgeAgent agent =
        agent(
            trigger("t", "frame.takeover")
                .window(Duration.ofSeconds(5), Duration.ofSeconds(3))
                .build());
    drive(agent, 10, i -> i == 3);
    agent.flushWindows();

    ClipFrames clip = takeAll(agent).get(0);
    assertThat(clip.triggerFrame()).isEqualTo(3);
    assertThat(clip.frames()).as("frames 0..9: 3 before, the firing one, 6 after").isEqualTo(10);
    assertThat(clip.frameFeatures(0)[0]).isEqualTo(0f);
    assertThat(clip.frameFeatures(9)[0]).isEqualTo(9f);
  }

  @Test
  void headerDescribesTheClip() {
    EdgeAgent agent = agent(trigger("t", "frame.takeover").generation(7).priority(80).build());
    drive(agent, 5, i -> i == 2);

    QueuedClip queued = agent.outbox().next();
    ClipHeader h = queued.clip().header();
    assertThat(h.getDeviceId()).isEqualTo(Frames.DEVICE.id());
    assertThat(h.getTriggerId()).isEqualTo(ID);
    assertThat(h.getTriggerGeneration()).isEqualTo(7);
    assertThat(h.getCodecVersion()).isEqualTo("raw-f32/v1");
    assertThat(h.getModelVersion()).isEqualTo("a");
    assertThat(h.getMetadata().getShadowModelVersion()).isEqualTo("b");
    assertThat(h.getMetadata().getTakeover()).isTrue();
    assertThat(h.getMetadata().getEnvMap())
        .containsEntry("weather", "clear")
        .containsEntry("zone", "highway");
    assertThat(h.getTotalSize()).isEqualTo(queued.bytes());
    assertThat(h.getSha256()).isEqualTo(ClipDigests.sha256Hex(queued.clip().payload()));
    assertThat(h.getWindowStart().getSeconds() * 1000 + h.getWindowStart().getNanos() / 1_000_000)
        .isEqualTo(T0 + 200);
    assertThat(queued.priority()).isEqualTo(80);
  }

  @Test
  void cooldownAllowsOneCapturePerPeriod() {
    EdgeAgent agent =
        agent(trigger("t", "frame.speedMps > 10").cooldown(Duration.ofSeconds(3)).build());
    drive(agent, 100, i -> false); // 10 s, the condition true throughout

    TriggerCounters c = agent.counters().trigger(ID);
    assertThat(c.evaluated()).isEqualTo(100);
    assertThat(c.fired()).isEqualTo(100);
    assertThat(c.captured()).as("at 0 s, 3 s, 6 s, 9 s").isEqualTo(4);
    assertThat(c.cooldownSuppressed()).isEqualTo(96);
    assertThat(takeAll(agent))
        .extracting(ClipFrames::startTimestampMs)
        .containsExactly(T0, T0 + 3000, T0 + 6000, T0 + 9000);
  }

  @Test
  void aTriggerDoesNotFireAgainWhileItsWindowIsOpen() {
    EdgeAgent agent =
        agent(
            trigger("t", "frame.speedMps > 10")
                .window(Duration.ZERO, Duration.ofMillis(500))
                .build());
    drive(agent, 100, i -> false);

    TriggerCounters c = agent.counters().trigger(ID);
    // windows of 6 frames open at frames 0, 5, 10, ..., 95: the next firing on a window's last
    // frame, after it closed; the window opened at frame 95 is still collecting
    assertThat(c.captured()).isEqualTo(19);
    assertThat(agent.counters().openWindows()).isEqualTo(1);
    assertThat(c.cooldownSuppressed()).isEqualTo(80);
  }

  @Test
  void samplingKeepsItsShareDeterministicallyPerDevice() {
    EdgeTrigger sampled = trigger("t", "true").samplingRate(0.25).build();
    EdgeAgent a = agent(sampled);
    EdgeAgent again = agent(sampled);
    EdgeAgent other =
        agent(new Device("dev-00002", Map.of(), "sim-fp32"), OutboxLimits.defaults(), sampled);
    for (EdgeAgent x : List.of(a, again, other)) {
      drive(x, 4000, i -> false);
    }

    TriggerCounters c = a.counters().trigger(ID);
    assertThat(c.fired()).isEqualTo(4000);
    assertThat(c.sampledOut() + c.captured()).isEqualTo(4000);
    assertThat(c.captured()).as("25%% of 4,000 ± 4.5 sd").isBetween(875L, 1125L);
    assertThat(again.counters().trigger(ID)).as("same device, same stream").isEqualTo(c);
    assertThat(other.counters().trigger(ID).captured())
        .as("another device draws its own stream")
        .isNotEqualTo(c.captured());
  }

  @Test
  void dailyClipBudgetResetsOnTheNextUtcDay() {
    EdgeAgent agent = agent(trigger("t", "frame.takeover").clipsPerDevicePerDay(3).build());
    drive(agent, 0, 50, T0, i -> i % 5 == 0); // 10 firings on day 1
    drive(agent, 50, 50, T0 + DAY_MS, i -> i % 5 == 0); // 10 firings on day 2

    TriggerCounters c = agent.counters().trigger(ID);
    assertThat(c.fired()).isEqualTo(20);
    assertThat(c.captured()).isEqualTo(6);
    assertThat(c.budgetSuppressed()).isEqualTo(14);
  }

  @Test
  void dailyByteBudgetCountsEncodedBytes() {
    EdgeAgent probe = agent(trigger("t", "frame.takeover").build());
    drive(probe, 2, i -> i == 1);
    int clipBytes = probe.outbox().next().bytes();

    EdgeAgent agent =
        agent(trigger("t", "frame.takeover").bytesPerDevicePerDay(clipBytes * 5L / 2).build());
    drive(agent, 50, i -> i % 5 == 1);

    TriggerCounters c = agent.counters().trigger(ID);
    assertThat(c.captured()).isEqualTo(2);
    assertThat(c.budgetSuppressed()).isEqualTo(8);
    assertThat(agent.outbox().bytes()).isLessThanOrEqualTo(clipBytes * 5L / 2);
  }

  @Test
  void whenTheOutboxIsShortHigherPriorityWinsAndDropsAreCountedPerTrigger() {
    EdgeTrigger low = trigger("low", "frame.takeover").priority(10).build();
    EdgeTrigger high =
        trigger("high", "frame.speedMps > 10 && frame.timestampMs % 1000 == 0")
            .priority(90)
            .build();
    EdgeAgent agent = agent(Frames.DEVICE, new OutboxLimits(4, 1L << 20), low, high);
    drive(agent, 100, i -> i % 2 == 1); // 50 low firings, then 10 high ones spread over them

    AgentCounters c = agent.counters();
    TriggerCounters lo = c.trigger("datatrigger/test/low");
    TriggerCounters hi = c.trigger("datatrigger/test/high");
    assertThat(hi.captured()).isEqualTo(10);
    assertThat(lo.captured()).isEqualTo(50);
    assertThat(c.heldClips()).isEqualTo(4);
    assertThat(hi.dropped()).as("the high-priority clips evict only older high ones").isEqualTo(6);
    assertThat(lo.dropped()).isEqualTo(50);
    assertThat(lo.captured() + hi.captured()).isEqualTo(lo.dropped() + hi.dropped() + 4);
    assertThat(takeAll(agent))
        .extracting(ClipFrames::startTimestampMs)
        .as("the four newest high-priority clips, oldest first")
        .containsExactly(T0 + 6000, T0 + 7000, T0 + 8000, T0 + 9000);
  }

  @Test
  void aRealDeviceNeedsItsModels() {
    EdgeAgent agent =
        EdgeAgent.builder(Frames.DEVICE, TriggerSet.compile(List.of(trigger("t", "true").build())))
            .build();
    assertThatThrownBy(() -> drive(agent, 1, i -> false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dev-00001");
  }
}
