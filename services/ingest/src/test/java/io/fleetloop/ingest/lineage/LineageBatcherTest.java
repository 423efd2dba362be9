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
  void disabledDropsSilently() throws Exception {
    LineageBatcher batcher = LineageBatcher.disabled();
    batcher.record("veh-1", clip());
    batcher.flush();
    assertThat(batcher.recordedClips()).isZero();
  }
}
