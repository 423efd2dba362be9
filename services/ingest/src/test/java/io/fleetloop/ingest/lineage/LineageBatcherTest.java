package io.fleetloop.ingest.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetloop.audit.api.event.ClipsIngested;
import io.fleetloop.audit.api.event.IngestedClip;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LineageBatcherTest {

  private static IngestedClip clip() {
    return new IngestedClip(
        UUID.randomUUID().toString(),
        "datatrigger/fleet/takeover",
        1,
        "policy-7",
        "sha256:" + "a".repeat(64),
        100,
        Instant.parse("2026-11-21T00:00:00Z"));
  }

  @Test
  void flushesOneEventPerDeviceEveryNClips() {
    List<List<ClipsIngested>> sent = new ArrayList<>();
    try (LineageBatcher batcher = new LineageBatcher(sent::add, 4, null)) {
      batcher.record("veh-1", clip());
      batcher.record("veh-2", clip());
      batcher.record("veh-1", clip());
      assertThat(sent).isEmpty();
      batcher.record("veh-1", clip());

      assertThat(sent).hasSize(1);
      assertThat(sent.get(0))
          .extracting(ClipsIngested::deviceId)
          .containsExactly("device/veh-1", "device/veh-2");
      assertThat(sent.get(0).get(0).clips()).hasSize(3);
      assertThat(batcher.recordedClips()).isEqualTo(4);
    }
  }

  @Test
  void aFailedFlushIsKeptAndRetriedWithTheSameBatchId() throws Exception {
    List<ClipsIngested> delivered = new ArrayList<>();
    boolean[] fail = {true};
    LineageSink sink =
        batches -> {
          if (fail[0]) {
            throw new IllegalStateException("audit down");
          }
          delivered.addAll(batches);
        };
    LineageBatcher batcher = new LineageBatcher(sink, 100, null);
    List<IngestedClip> clips = List.of(clip(), clip());
    clips.forEach(c -> batcher.record("veh-1", c));
    assertThatThrownBy(batcher::flush).hasMessageContaining("audit down");

    fail[0] = false;
    batcher.flush();
    assertThat(delivered).hasSize(1);
    assertThat(delivered.get(0).clips()).containsExactlyElementsOf(clips);
    assertThat(delivered.get(0).batchId()).isEqualTo(LineageBatcher.batchId(clips));
  }

  @Test
  void aBacklogAfterAnOutageIsSentInAppendsWithinTheAuditLimitEachClipOnce() throws Exception {
    List<List<ClipsIngested>> appends = new ArrayList<>();
    boolean[] fail = {true};
    LineageSink sink =
        batches -> {
          if (fail[0]) {
            throw new IllegalStateException("audit down");
          }
          appends.add(batches);
        };
    // a long outage: three failed flushes of 4,000 devices each pile up 12,000 events
    LineageBatcher batcher = new LineageBatcher(sink, 100_000, null);
    List<String> ids = new ArrayList<>();
    for (int flush = 0; flush < 3; flush++) {
      for (int d = 0; d < 4000; d++) {
        IngestedClip c = clip();
        ids.add(c.clipId());
        batcher.record("veh-" + d, c);
      }
      assertThatThrownBy(batcher::flush).hasMessageContaining("audit down");
    }
    fail[0] = false;
    for (int d = 0; d < 500; d++) {
      IngestedClip c = clip();
      ids.add(c.clipId());
      batcher.record("veh-new-" + d, c);
    }
    batcher.flush();

    assertThat(appends).hasSize(2);
    assertThat(appends)
        .allSatisfy(
            a -> assertThat(a).hasSizeLessThanOrEqualTo(LineageBatcher.MAX_EVENTS_PER_APPEND));
    assertThat(appends.stream().mapToInt(List::size).sum()).isEqualTo(12_500);
    List<String> delivered =
        appends.stream()
            .flatMap(List::stream)
            .flatMap(b -> b.clips().stream())
            .map(IngestedClip::clipId)
            .toList();
    assertThat(delivered).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(batcher.recordedClips()).isEqualTo(12_500);
  }

  @Test
  void anAppendThatFailsMidwayKeepsItAndEverythingAfterItOnly() throws Exception {
    List<List<ClipsIngested>> appends = new ArrayList<>();
    int[] calls = {0};
    boolean[] failSecond = {true};
    LineageSink sink =
        batches -> {
          calls[0]++;
          if (failSecond[0] && calls[0] == 2) {
            throw new IllegalStateException("audit down");
          }
          appends.add(batches);
        };
    LineageBatcher batcher = new LineageBatcher(sink, 100, null, 3);
    for (int d = 0; d < 8; d++) {
      batcher.record("veh-" + d, clip());
    }
    assertThatThrownBy(batcher::flush).hasMessageContaining("audit down");
    assertThat(appends).hasSize(1);
    assertThat(batcher.recordedClips()).isEqualTo(3);

    failSecond[0] = false;
    batcher.flush();
    assertThat(appends).extracting(List::size).containsExactly(3, 3, 2);
    assertThat(appends.stream().flatMap(List::stream).map(ClipsIngested::deviceId).distinct())
        .hasSize(8);
    assertThat(batcher.recordedClips()).isEqualTo(8);
  }

  @Test
  void disabledDropsSilently() throws Exception {
    LineageBatcher batcher = LineageBatcher.disabled();
    batcher.record("veh-1", clip());
    batcher.flush();
    assertThat(batcher.recordedClips()).isZero();
  }
}
