package io.fleetloop.ingest.server;

import io.fleetloop.ingest.core.IngestLimits;
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
 */
public record IngestConfig(
    int port,
    IngestLimits limits,
    String bucket,
    String topic,
    String producerName,
    int lineageBatchClips,
    Duration lineageMaxDelay) {

  public static final String DEFAULT_TOPIC = "persistent://public/default/clip-ingested";

  public static IngestConfig defaults() {
    return new IngestConfig(
        9400,
        IngestLimits.defaults(),
        "fleetloop-clips",
        DEFAULT_TOPIC,
        null,
        500,
        Duration.ofSeconds(2));
  }

  public IngestConfig withPort(int p) {
    return new IngestConfig(
        p, limits, bucket, topic, producerName, lineageBatchClips, lineageMaxDelay);
  }

  public IngestConfig withLimits(IngestLimits l) {
    return new IngestConfig(
        port, l, bucket, topic, producerName, lineageBatchClips, lineageMaxDelay);
  }

  public IngestConfig withBucket(String b) {
    return new IngestConfig(
        port, limits, b, topic, producerName, lineageBatchClips, lineageMaxDelay);
  }

  public IngestConfig withTopic(String t) {
    return new IngestConfig(
        port, limits, bucket, t, producerName, lineageBatchClips, lineageMaxDelay);
  }

  public IngestConfig withProducerName(String name) {
    return new IngestConfig(port, limits, bucket, topic, name, lineageBatchClips, lineageMaxDelay);
  }
}
