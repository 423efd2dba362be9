package io.fleetloop.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetloop.ingest.client.IngestClient;
import io.fleetloop.ingest.grpc.ClipHeader;
import org.junit.jupiter.api.Test;

class EdgeOutboxTest {

  private long sequence;

  private QueuedClip clip(String id, int trigger, int priority, int bytes) {
    ClipHeader header = ClipHeader.newBuilder().setClipId(id).setTotalSize(bytes).build();
    return new QueuedClip(
        new IngestClient.Clip(header, new byte[bytes]), trigger, priority, sequence++);
  }

  private static long[][] tallies(EdgeOutbox box, int triggers) {
    long[][] t = new long[triggers][5];
    box.addTallies(t);
    return t;
  }

  @Test
  void boundedInClipsDroppingOldestOfTheLowestPriorityFirst() {
    EdgeOutbox box = new EdgeOutbox(new OutboxLimits(3, 1 << 20), 2);
    assertThat(box.offer(clip("a-low", 0, 10, 100))).isTrue();
    assertThat(box.offer(clip("b-high", 1, 90, 100))).isTrue();
    assertThat(box.offer(clip("c-low", 0, 10, 100))).isTrue();
    assertThat(box.offer(clip("d-high", 1, 90, 100))).as("evicts a-low").isTrue();
    assertThat(box.heldClipIds()).containsExactly("b-high", "d-high", "c-low");
    assertThat(box.offer(clip("e-low", 0, 10, 100))).as("evicts c-low, the oldest low").isTrue();
    assertThat(box.heldClipIds()).containsExactly("b-high", "d-high", "e-low");
    assertThat(box.offer(clip("f-mid", 0, 50, 100))).as("evicts e-low").isTrue();
    assertThat(box.offer(clip("g-low", 0, 10, 100)))
        .as("lower than everything held: the new clip is dropped")
        .isFalse();
    assertThat(box.heldClipIds()).containsExactly("b-high", "d-high", "f-mid");
    long[][] t = tallies(box, 2);
    assertThat(t[0][0]).as("queued by trigger 0").isEqualTo(4);
    assertThat(t[0][1]).as("dropped of trigger 0").isEqualTo(4);
    assertThat(t[1][1]).as("dropped of trigger 1").isZero();
  }

  @Test
  void boundedInBytesEvictingAsManyAsNeeded() {
    EdgeOutbox box = new EdgeOutbox(new OutboxLimits(100, 1000), 1);
    box.offer(clip("a", 0, 50, 300));
    box.offer(clip("b", 0, 50, 300));
    box.offer(clip("c", 0, 50, 300));
    assertThat(box.offer(clip("d", 0, 50, 600))).isTrue();
    assertThat(box.heldClipIds()).as("a and b evicted to make room").containsExactly("c", "d");
    assertThat(box.bytes()).isEqualTo(900);
    assertThat(box.offer(clip("huge", 0, 100, 1001))).as("larger than the outbox").isFalse();
    assertThat(tallies(box, 1)[0][1]).isEqualTo(3);
  }

  @Test
  void uploadsHighestPriorityFirstAndKeepsAClipUntilAcknowledged() {
    EdgeOutbox box = new EdgeOutbox(new OutboxLimits(10, 1 << 20), 2);
    box.offer(clip("old-low", 0, 10, 10));
    box.offer(clip("high", 1, 90, 20));
    box.offer(clip("new-low", 0, 10, 30));

    QueuedClip first = box.next();
    assertThat(first.clipId()).isEqualTo("high");
    assertThat(box.next()).as("one clip in flight at a time").isNull();
    box.retryLater(first);
    QueuedClip again = box.next();
    assertThat(again).as("a transient failure keeps the clip, same id").isSameAs(first);
    box.acknowledged(again);
    QueuedClip second = box.next();
    assertThat(second.clipId()).isEqualTo("old-low");
    box.refused(second);
    assertThat(box.heldClipIds()).containsExactly("new-low");

    long[][] t = tallies(box, 2);
    assertThat(t[1][2]).as("uploaded clips of trigger 1").isEqualTo(1);
    assertThat(t[1][3]).as("uploaded bytes of trigger 1").isEqualTo(20);
    assertThat(t[0][4]).as("refused of trigger 0").isEqualTo(1);
    assertThatThrownBy(() -> box.acknowledged(second)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theClipInFlightIsNeverEvicted() {
    EdgeOutbox box = new EdgeOutbox(new OutboxLimits(1, 1 << 20), 1);
    box.offer(clip("sending", 0, 10, 10));
    QueuedClip inFlight = box.next();
    assertThat(box.offer(clip("newer", 0, 90, 10))).isFalse();
    box.acknowledged(inFlight);
    assertThat(box.isEmpty()).isTrue();
    assertThat(box.offer(clip("newer", 0, 90, 10))).isTrue();
  }
}
