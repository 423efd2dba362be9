package io.fleetloop.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClipIndexTest {

  private static final String SHA = "a".repeat(64);
  private static final String OTHER_SHA = "b".repeat(64);

  @Test
  void classifiesAHeaderAgainstWhatWasIngested() {
    ClipIndex index = new ClipIndex();
    String id = "0b7e2a52-3f7c-4a57-9d7e-1c2b3a4d5e6f";
    assertThat(index.check(id, "veh-1", SHA)).isEqualTo(ClipIndex.Verdict.NEW);

    assertThat(index.add(new ClipIndex.Entry(id, "veh-1", SHA))).isTrue();
    assertThat(index.check(id, "veh-1", SHA)).isEqualTo(ClipIndex.Verdict.DUPLICATE);
    assertThat(index.check(id, "veh-1", OTHER_SHA)).isEqualTo(ClipIndex.Verdict.OTHER_CONTENT);
    assertThat(index.check(id, "veh-2", SHA)).isEqualTo(ClipIndex.Verdict.OTHER_DEVICE);
  }

  @Test
  void theFirstEntryOfAClipIdStays() {
    ClipIndex index = new ClipIndex();
    String id = "0b7e2a52-3f7c-4a57-9d7e-1c2b3a4d5e6f";
    index.add(new ClipIndex.Entry(id, "veh-1", SHA));
    assertThat(index.add(new ClipIndex.Entry(id, "veh-2", OTHER_SHA))).isFalse();
    assertThat(index.find(id)).contains(new ClipIndex.Entry(id, "veh-1", SHA));
    assertThat(index.size()).isEqualTo(1);
    assertThat(index.entries()).containsExactly(new ClipIndex.Entry(id, "veh-1", SHA));
  }
}
