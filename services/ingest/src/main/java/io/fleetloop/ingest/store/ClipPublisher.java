package io.fleetloop.ingest.store;

import io.fleetloop.ingest.grpc.ClipIngested;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.ProducerBuilder;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;

/**
 * Publishes {@code ClipIngested} (protobuf bytes) keyed by device id, with the clip id and digest
 * as message properties, one broker entry per message (no producer batching: see the constructor);
 * {@link #publishAsync}'s future completes only when the broker has persisted the message.
 *
 * <p>With a fixed {@code producerName} and broker deduplication enabled on the namespace, the
 * broker also drops the client library's own resends after a connection loss.
 */
public final class ClipPublisher implements AutoCloseable {

  private final Producer<byte[]> producer;

  public ClipPublisher(PulsarClient client, String topic, String producerName)
      throws PulsarClientException {
    ProducerBuilder<byte[]> builder =
        client
            .newProducer(Schema.BYTES)
            .topic(topic)
            // no producer batching: the message key is the device, and a device has one upload in
            // flight at a time, so key-based batches (which the curator's Key_Shared subscription
            // needs: a mixed batch would be dispatched by its first key only) hold one message
            // each anyway; batching only added its 1 ms timer and a hand-off to the timer thread
            // to every publish. The broker still groups concurrent entries in one journal write.
            .enableBatching(false)
            .maxPendingMessages(10_000)
            .blockIfQueueFull(true)
            .sendTimeout(30, TimeUnit.SECONDS);
    if (producerName != null && !producerName.isBlank()) {
      builder.producerName(producerName);
    }
    this.producer = builder.create();
  }

  /**
   * Sends without blocking; the future completes with the message id once the broker has persisted
   * the message (or fails).
   */
  public CompletableFuture<MessageId> publishAsync(String deviceId, ClipIngested message) {
    return producer
        .newMessage()
        .key(deviceId)
        .value(message.toByteArray())
        .property("clipId", message.getHeader().getClipId())
        .property("digest", message.getDigest())
        .sendAsync();
  }

  /** Sends and waits until the broker has persisted the message. */
  public MessageId publish(String deviceId, ClipIngested message) throws PulsarClientException {
    try {
      return publishAsync(deviceId, message).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PulsarClientException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw PulsarClientException.unwrap(e.getCause());
    }
  }

  @Override
  public void close() throws PulsarClientException {
    producer.flush();
    producer.close();
  }
}
