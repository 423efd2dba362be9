package io.fleetloop.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IndexSegmentCodecTest {

  private static List<ClipIndex.Entry> entries(int n) {
    List<ClipIndex.Entry> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          new ClipIndex.Entry(
              new UUID(7, i).toString(),
              "veh-" + i + ".fleet:eu@x+y",
              String.format("%064x", i * 7919L)));
    }
    return out;
  }

  @Test
  void roundTripsEveryEntry() {
    List<ClipIndex.Entry> entries = entries(1000);
    byte[] bytes = IndexSegmentCodec.encode(entries);
    assertThat(IndexSegmentCodec.decode("seg-1", bytes)).containsExactlyElementsOf(entries);
    assertThat(IndexSegmentCodec.decode("empty", IndexSegmentCodec.encode(List.of()))).isEmpty();
  }

  @Test
  void refusesWhatIsNotACompleteSegmentNamingIt() {
    byte[] good = IndexSegmentCodec.encode(entries(3));
    String text = new String(good, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> IndexSegmentCodec.decode("seg-x", "hello\n".getBytes()))
        .hasMessageContaining("seg-x")
        .hasMessageContaining("does not start with");
    assertThatThrownBy(
            () ->
                IndexSegmentCodec.decode(
                    "seg-t",
                    text.substring(0, text.length() - 10).getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("seg-t");
    assertThatThrownBy(
            () ->
                IndexSegmentCodec.decode(
                    "seg-f",
                    (IndexSegmentCodec.MAGIC + "\nonly-two\tfields\n")
                        .getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("line 2");
  }
}
