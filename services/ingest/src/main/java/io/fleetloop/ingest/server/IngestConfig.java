package io.fleetloop.ingest.server;

import io.fleetloop.ingest.core.IngestLimits;
import io.fleetloop.ingest.index.DurableClipIndex;
import java.time.Duration;

/**
 * Settings of one ingest server.
 *
 * @param port gRPC port (0: any free port)
 * @param limits size and rate limits
 * @param bucket object storage bucket for payloads and markers (created if missing)
 * @param topic Pulsar topic for {@code ClipIngested}
 * @param producerName fixed Pulsar producer name (one per replica, for broker deduplication), or
 *     null for a generated one
 * @param lineageBatchClips flush lineage after this many clips
 * @param lineageMaxDelay ... or after this long
 * @param index checkpoint settings of the durable clip index
 */
public record IngestConfig(
    int port,
    IngestLimits limits,
    String bucket,
    String topic,
    String producerName,
    int lineageBatchClips,
    Duration lineageMaxDelay,
    DurableClipIndex.Settings index) {

  public static final String DEFAULT_TOPIC = "persistent://public/default/clip-ingested";

  public static IngestConfig defaults() {
    return new IngestConfig(
        9400,
        IngestLimits.defaults(),
        "fleetloop-clips",
        DEFAULT_TOPIC,
        null,
        500,
        Duration.ofSeconds(2),
        DurableClipIndex.Settings.defaults());
  }

  /**
   * Ingest's own subscription on the topic, the write-ahead log of the clip index: one per replica
   * (named after the producer name), so that one replica's checkpoint never moves another's cursor.
   */
  public String indexSubscription() {
    return producerName == null || producerName.isBlank()
        ? "ingest-index"
        : "ingest-index-" + producerName;
  }

  public IngestConfig withPort(int p) {
    return new IngestConfig(
        p, limits, bucket, topic, producerName, lineageBatchClips, lineageMaxDelay, index);
  }

  public IngestConfig withLimits(IngestLimits l) {
    return new IngestConfig(
        port, l, bucket, topic, producerName, lineageBatchClips, lineageMaxDelay, index);
  }

  public IngestConfig withBucket(String b) {
    return new IngestConfig(
        port, limits, b, topic, producerName, lineageBatchClips, lineageMaxDelay, index);
  }

  public IngestConfig withTopic(String t) {
    return new IngestConfig(
        port, limits, bucket, t, producerName, lineageBatchClips, lineageMaxDelay, index);
  }

  public IngestConfig withProducerName(String name) {
    return new IngestConfig(
        port, limits, bucket, topic, name, lineageBatchClips, lineageMaxDelay, index);
  }

  public IngestConfig withIndex(DurableClipIndex.Settings settings) {
    return new IngestConfig(
        port, limits, bucket, topic, producerName, lineageBatchClips, lineageMaxDelay, settings);
  }
}
