package io.fleetloop.ingest.store;

import io.fleetloop.ingest.grpc.ClipIngested;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.BatcherBuilder;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.ProducerBuilder;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;

/**
 * Publishes {@code ClipIngested} (protobuf bytes) keyed by device id, with the clip id and digest
 * as message properties. Batching is on (concurrent uploads share a batch, up to 1 ms wait); {@link
 * #publishAsync}'s future completes only when the broker has persisted the message.
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
            .enableBatching(true)
            // one batch per key: the curator's Key_Shared subscription then keeps every clip of a
            // device on one consumer (a mixed batch would be dispatched by its first key only)
            .batcherBuilder(BatcherBuilder.KEY_BASED)
            .batchingMaxPublishDelay(1, TimeUnit.MILLISECONDS)
            .batchingMaxMessages(500)
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
   * the message (or fails). Concurrent sends share batches.
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
