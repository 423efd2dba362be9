package io.fleetloop.ingest.index;

import io.fleetloop.ingest.core.ClipIndex;
import io.fleetloop.ingest.grpc.ClipIngested;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.MessageIdAdv;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;
import org.apache.pulsar.client.api.TopicMessageId;
import org.apache.pulsar.client.internal.DefaultImplementation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ClipIngested} topic as the index's write-ahead log, through a durable subscription of
 * ingest's own. Ingest never reads it while serving; it only moves the subscription's cursor
 * forward (cumulative acknowledgement) once the clips published before a position are in an index
 * segment. The broker keeps everything after the cursor, so a replica that dies before its next
 * checkpoint finds the clips it published but did not checkpoint in the subscription's backlog at
 * start, and adds them to its index before serving.
 */
public final class PublishedLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PublishedLog.class);

  private final Consumer<byte[]> consumer;
  private final String subscription;

  private PublishedLog(Consumer<byte[]> consumer, String subscription) {
    this.consumer = consumer;
    this.subscription = subscription;
  }

  /**
   * Subscribes (creating the subscription at the topic's earliest message the first time). Call it
   * before the first publish, so the subscription covers every message the replica sends.
   */
  public static PublishedLog open(PulsarClient client, String topic, String subscription)
      throws PulsarClientException {
    Consumer<byte[]> consumer =
        client
            .newConsumer(Schema.BYTES)
            .topic(topic)
            .subscriptionName(subscription)
            .subscriptionType(SubscriptionType.Failover)
            .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
            .receiverQueueSize(500)
            .subscribe();
    return new PublishedLog(consumer, subscription);
  }

  /**
   * Reads the subscription's backlog (clips published but not checkpointed) and hands every clip to
   * {@code sink} with its message id; returns how many messages were read.
   *
   * @throws IllegalStateException when the backlog is not read to its end within {@code timeout}
   */
  public int replay(BiConsumer<ClipIndex.Entry, MessageId> sink, Duration timeout)
      throws Exception {
    List<TopicMessageId> lasts = consumer.getLastMessageIds();
    if (lasts.isEmpty() || !(lasts.get(0) instanceof MessageIdAdv last) || last.getEntryId() < 0) {
      return 0;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    int read = 0;
    boolean reachedLastEntry = false;
    while (true) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "subscription "
                + subscription
                + " not replayed to its end within "
                + timeout
                + " ("
                + read
                + " messages read); the clip index would be incomplete");
      }
      Message<byte[]> m = consumer.receive(reachedLastEntry ? 200 : 1000, TimeUnit.MILLISECONDS);
      if (m == null) {
        if (reachedLastEntry) {
          break;
        }
        continue;
      }
      read++;
      if (m.getMessageId() instanceof MessageIdAdv id && !before(id, last)) {
        reachedLastEntry = true;
      }
      ClipIndex.Entry entry = entryOf(m);
      if (entry == null) {
        LOG.warn(
            "subscription {}: message {} is not a ClipIngested; skipped",
            subscription,
            m.getMessageId());
      } else {
        sink.accept(entry, m.getMessageId());
      }
    }
    LOG.info("subscription {}: replayed {} published clips into the index", subscription, read);
    return read;
  }

  /**
   * Moves the cursor to just before the entry holding {@code lastCovered}: every message published
   * before it is in an index segment. The entry itself (a batch may mix covered and uncovered
   * messages) stays in the backlog; replaying it again later only re-adds true facts.
   */
  public void checkpoint(MessageId lastCovered) {
    if (!(lastCovered instanceof MessageIdAdv id) || id.getEntryId() <= 0) {
      return;
    }
    MessageId previous =
        DefaultImplementation.getDefaultImplementation()
            .newMessageId(id.getLedgerId(), id.getEntryId() - 1, id.getPartitionIndex());
    consumer.acknowledgeCumulativeAsync(previous);
  }

  @Override
  public void close() throws PulsarClientException {
    consumer.close();
  }

  private static boolean before(MessageIdAdv a, MessageIdAdv b) {
    if (a.getLedgerId() != b.getLedgerId()) {
      return a.getLedgerId() < b.getLedgerId();
    }
    return a.getEntryId() < b.getEntryId();
  }

  private static ClipIndex.Entry entryOf(Message<byte[]> m) {
    try {
      ClipIngested c = ClipIngested.parseFrom(m.getValue());
      String digest = c.getDigest();
      if (!c.hasHeader() || !digest.startsWith("sha256:")) {
        return null;
      }
      return new ClipIndex.Entry(
          c.getHeader().getClipId(), c.getHeader().getDeviceId(), digest.substring(7));
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      return null;
    }
  }
}
