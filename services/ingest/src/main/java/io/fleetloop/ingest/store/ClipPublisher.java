package io.fleetloop.ingest.store;

import io.fleetloop.ingest.grpc.ClipIngested;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.ProducerBuilder;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;

/**
 * Publishes {@code ClipIngested} (protobuf bytes) keyed by device id, with the clip id and digest
 * as message properties. Batching is on (concurrent uploads share a batch); {@link #publish}
 * returns only when the broker has persisted the message.
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
            .batchingMaxPublishDelay(1, TimeUnit.MILLISECONDS)
            .batchingMaxMessages(500)
            .blockIfQueueFull(true)
            .sendTimeout(30, TimeUnit.SECONDS);
    if (producerName != null && !producerName.isBlank()) {
      builder.producerName(producerName);
    }
    this.producer = builder.create();
  }

  public MessageId publish(String deviceId, ClipIngested message) throws PulsarClientException {
    return producer
        .newMessage()
        .key(deviceId)
        .value(message.toByteArray())
        .property("clipId", message.getHeader().getClipId())
        .property("digest", message.getDigest())
        .send();
  }

  @Override
  public void close() throws PulsarClientException {
    producer.flush();
    producer.close();
  }
}
