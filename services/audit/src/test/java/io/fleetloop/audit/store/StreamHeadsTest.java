package io.fleetloop.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StreamHeadsTest {

  private static AppendReceipt receipt(String stream, long sequence, int hash) {
    return new AppendReceipt(
        "e-" + stream + sequence, stream, sequence, 1, "hex", new byte[] {(byte) hash});
  }

  @Test
  void knowsOnlyTheCommittedHeadAndOnlyForTheNextSequence() {
    StreamHeads heads = new StreamHeads(10);
    heads.committed(List.of(receipt("device/a", 0, 1), receipt("device/a", 1, 2)));

    assertThat(heads.at("device/a", 1)).containsExactly(2);
    assertThat(heads.at("device/a", 0)).as("an older sequence is read from the table").isNull();
    assertThat(heads.at("device/a", 2)).as("another writer's newer head is unknown").isNull();
    assertThat(heads.at("device/b", 0)).isNull();

    heads.forget("device/a");
    assertThat(heads.at("device/a", 1)).isNull();
  }

  @Test
  void anOlderReceiptDoesNotMoveTheHeadBack() {
    StreamHeads heads = new StreamHeads(10);
    heads.committed(List.of(receipt("device/a", 5, 5)));
    heads.committed(List.of(receipt("device/a", 4, 4)));
    assertThat(heads.at("device/a", 5)).containsExactly(5);
  }

  @Test
  void forgetsTheLeastRecentlyUsedStreamsBeyondItsCapacity() {
    StreamHeads heads = new StreamHeads(2);
    heads.committed(List.of(receipt("device/a", 0, 1), receipt("device/b", 0, 2)));
    heads.at("device/a", 0);
    heads.committed(List.of(receipt("device/c", 0, 3)));
    assertThat(heads.at("device/a", 0)).containsExactly(1);
    assertThat(heads.at("device/b", 0)).isNull();
    assertThat(heads.at("device/c", 0)).containsExactly(3);
  }
}
