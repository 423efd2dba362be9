package io.fleetloop.curator.consume;

import io.fleetloop.curator.core.LabeledClip;
import io.fleetloop.curator.core.PoisonReport;
import io.fleetloop.curator.store.CurationStore;
import io.fleetloop.curator.store.LabelIndex;
import io.fleetloop.curator.store.PoisonException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pulsar.client.api.BatchReceivePolicy;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.DeadLetterPolicy;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.Messages;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Key_Shared consumer of {@code ClipIngested}: receives a batch, processes its messages in
 * parallel, writes the newly labeled clips as one batch object, then acknowledges. Poison is
 * negatively acknowledged; after {@code maxRedeliverCount} redeliveries the client moves it to the
 * dead-letter topic and this consumer reports it. Acknowledging only after the batch object is
 * stored means a crash loses nothing; a redelivered message finds its clip in the index (refreshed
 * from storage before redeliveries are processed), so nothing is labeled twice.
 */
public final class ClipConsumer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClipConsumer.class);

  /** Consumer settings. */
  public record Settings(
      String topic,
      String subscription,
      String deadLetterTopic,
      String name,
      int maxRedeliverCount,
      Duration negativeAckDelay,
      int batchMaxMessages,
      Duration batchTimeout) {}

  private final Settings settings;
  private final Consumer<byte[]> consumer;
  private final ClipProcessor processor;
  private final CurationStore store;
  private final LabelIndex index;
  private final CurationMetrics metrics;
  private final ExecutorService workers;
  private final Clock clock;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong batches = new AtomicLong();
  private final Thread loop;

  private ClipConsumer(
      Settings settings,
      Consumer<byte[]> consumer,
      ClipProcessor processor,
      CurationStore store,
      LabelIndex index,
      CurationMetrics metrics,
      ExecutorService workers,
      Clock clock) {
    this.settings = settings;
    this.consumer = consumer;
    this.processor = processor;
    this.store = store;
    this.index = index;
    this.metrics = metrics;
    this.workers = workers;
    this.clock = clock;
    this.loop = new Thread(this::run, "curator-" + settings.name());
    this.loop.setDaemon(true);
  }

  /** Subscribes and starts the consume loop. */
  public static ClipConsumer start(
      PulsarClient pulsar,
      Settings settings,
      ClipProcessor processor,
      CurationStore store,
      LabelIndex index,
      CurationMetrics metrics,
      ExecutorService workers,
      Clock clock)
      throws PulsarClientException {
    Consumer<byte[]> consumer =
        pulsar
            .newConsumer(Schema.BYTES)
            .topic(settings.topic())
            .subscriptionName(settings.subscription())
            .subscriptionType(SubscriptionType.Key_Shared)
            .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
            .consumerName(settings.name())
            .negativeAckRedeliveryDelay(
                settings.negativeAckDelay().toMillis(), TimeUnit.MILLISECONDS)
            .deadLetterPolicy(
                DeadLetterPolicy.builder()
                    .maxRedeliverCount(settings.maxRedeliverCount())
                    .deadLetterTopic(settings.deadLetterTopic())
                    .initialSubscriptionName(settings.subscription() + "-dlq")
                    .build())
            .batchReceivePolicy(
                BatchReceivePolicy.builder()
                    .maxNumMessages(settings.batchMaxMessages())
                    .timeout((int) settings.batchTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .build())
            .receiverQueueSize(Math.max(100, settings.batchMaxMessages() * 2))
            .subscribe();
    ClipConsumer c =
        new ClipConsumer(settings, consumer, processor, store, index, metrics, workers, clock);
    c.loop.start();
    LOG.info(
        "curator consumer {} subscribed to {} ({}, Key_Shared, DLQ {} after {} redeliveries)",
        settings.name(),
        settings.topic(),
        settings.subscription(),
        settings.deadLetterTopic(),
        settings.maxRedeliverCount());
    return c;
  }

  private void run() {
    while (running.get()) {
      Messages<byte[]> messages;
      try {
        messages = consumer.batchReceive();
      } catch (PulsarClientException e) {
        if (running.get()) {
          LOG.warn("consumer {}: receive failed: {}", settings.name(), e.getMessage());
          pause();
        }
        continue;
      }
      if (messages.size() == 0) {
        continue;
      }
      try {
        handle(messages);
      } catch (RuntimeException e) {
        LOG.error("consumer {}: batch failed, redelivering it", settings.name(), e);
        messages.forEach(consumer::negativeAcknowledge);
      }
    }
  }

  private void handle(Messages<byte[]> messages) {
    List<Message<byte[]>> list = new ArrayList<>(messages.size());
    boolean redelivered = false;
    for (Message<byte[]> m : messages) {
      list.add(m);
      redelivered |= m.getRedeliveryCount() > 0;
    }
    if (redelivered) {
      refreshIndex();
    }
    List<CompletableFuture<Object>> futures = new ArrayList<>(list.size());
    for (Message<byte[]> m : list) {
      futures.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return processor.process(m.getValue());
                } catch (PoisonException e) {
                  return e;
                }
              },
              workers));
    }
    List<LabeledClip> labeled = new ArrayList<>();
    List<Message<byte[]>> toAck = new ArrayList<>();
    Set<String> batchIds = new HashSet<>();
    Set<String> batchDigests = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      Message<byte[]> m = list.get(i);
      Object result = futures.get(i).join();
      if (result instanceof PoisonException p) {
        poison(m, p);
      } else if (result instanceof ClipProcessor.Labeled l) {
        if (!batchIds.add(l.clipId())) {
          metrics.alreadyLabeled();
        } else if (!batchDigests.add(l.clip().digest())) {
          metrics.duplicateContent();
        } else {
          labeled.add(l.clip());
        }
        toAck.add(m);
      } else if (result instanceof ClipProcessor.AlreadyLabeled a) {
        metrics.alreadyLabeled();
        LOG.debug("clip {} is labeled already (redelivery)", a.clipId());
        toAck.add(m);
      } else if (result instanceof ClipProcessor.DuplicateContent d) {
        metrics.duplicateContent();
        LOG.info("clip {} has the content of clip {}, labeled already", d.clipId(), d.labeledAs());
        toAck.add(m);
      }
    }
    if (!labeled.isEmpty()) {
      String name =
          String.format(
              "%013d-%s-%d.json", clock.millis(), settings.name(), batches.incrementAndGet());
      try {
        store.writeLabelBatch(name, labeled);
      } catch (Exception e) {
        LOG.warn(
            "consumer {}: storing {} labeled clips failed ({}); they will be redelivered",
            settings.name(),
            labeled.size(),
            e.getMessage());
        toAck.forEach(consumer::negativeAcknowledge);
        return;
      }
      index.add(CurationStore.LABELS_PREFIX + name, labeled);
      metrics.labeled(labeled.size());
    }
    for (Message<byte[]> m : toAck) {
      consumer.acknowledgeAsync(m.getMessageId());
    }
  }

  private void poison(Message<byte[]> m, PoisonException p) {
    int attempts = m.getRedeliveryCount() + 1;
    if (m.getRedeliveryCount() >= settings.maxRedeliverCount()) {
      String clipId = clipIdOf(m);
      PoisonReport report =
          new PoisonReport(
              m.getMessageId().toString(),
              clipId,
              m.hasKey() ? m.getKey() : "",
              p.reason(),
              p.getMessage(),
              attempts,
              clock.instant().toString());
      metrics.poisoned(report);
      LOG.warn(
          "clip {} (device {}) is poison after {} attempts, sent to {}: {} {}",
          clipId,
          report.deviceId(),
          attempts,
          settings.deadLetterTopic(),
          p.reason(),
          p.getMessage());
    } else {
      metrics.retried();
      LOG.debug("clip {} failed attempt {}: {}", clipIdOf(m), attempts, p.getMessage());
    }
    consumer.negativeAcknowledge(m);
  }

  private static String clipIdOf(Message<byte[]> m) {
    String prop = m.getProperty("clipId");
    if (prop != null) {
      return prop;
    }
    try {
      return ClipProcessor.parse(m.getValue()).getHeader().getClipId();
    } catch (PoisonException e) {
      return "";
    }
  }

  private void refreshIndex() {
    try {
      index.refresh();
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot refresh the label index before processing redelivered clips: " + e.getMessage(),
          e);
    }
  }

  private void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.set(false);
    }
  }

  /** Consumer name. */
  public String name() {
    return settings.name();
  }

  /** Stops the loop and closes the consumer; unacknowledged messages are redelivered. */
  @Override
  public void close() {
    if (!running.compareAndSet(true, false)) {
      return;
    }
    try {
      loop.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      consumer.close();
    } catch (PulsarClientException e) {
      LOG.warn("consumer {}: close failed: {}", settings.name(), e.getMessage());
    }
  }

  /**
   * Simulates a crash: closes the consumer at once, whatever the loop is doing (a batch being
   * labeled is neither stored nor acknowledged, or stored and not acknowledged).
   */
  public void kill() {
    running.set(false);
    consumer.closeAsync();
  }
}
