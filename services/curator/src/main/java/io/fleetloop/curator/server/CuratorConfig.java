package io.fleetloop.curator.server;

import io.fleetloop.curator.core.ClipLabeler;
import java.time.Duration;

/**
 * Settings of one curator replica.
 *
 * @param port gRPC port (0: any free port)
 * @param bucket bucket for label batches, snapshot registry and manifests (created if missing)
 * @param topic the ClipIngested topic
 * @param subscription the Key_Shared subscription all replicas share
 * @param deadLetterTopic where poison messages go
 * @param consumerName name of this replica's consumer (unique per replica)
 * @param maxRedeliverCount redeliveries before a message goes to the dead-letter topic
 * @param negativeAckDelay delay before a failed message is redelivered
 * @param batchMaxMessages messages processed (and stored) together
 * @param batchTimeout how long a batch waits to fill
 * @param workerThreads threads reading and decoding payloads
 * @param shadowThreshold metadata shadow disagreement at or above which a clip is a
 *     shadow-disagreement sample
 */
public record CuratorConfig(
    int port,
    String bucket,
    String topic,
    String subscription,
    String deadLetterTopic,
    String consumerName,
    int maxRedeliverCount,
    Duration negativeAckDelay,
    int batchMaxMessages,
    Duration batchTimeout,
    int workerThreads,
    double shadowThreshold) {

  /** The ingest service's default topic. */
  public static final String DEFAULT_TOPIC = "persistent://public/default/clip-ingested";

  /** Defaults: port 9500, bucket fleetloop-datasets, 3 redeliveries 200 ms apart. */
  public static CuratorConfig defaults() {
    return new CuratorConfig(
        9500,
        "fleetloop-datasets",
        DEFAULT_TOPIC,
        "curator",
        DEFAULT_TOPIC + "-curator-dlq",
        "curator-0",
        3,
        Duration.ofMillis(200),
        200,
        Duration.ofMillis(20),
        8,
        ClipLabeler.DEFAULT_THRESHOLD);
  }

  /** Checks ranges. */
  public CuratorConfig {
    if (maxRedeliverCount < 1) {
      throw new IllegalArgumentException("maxRedeliverCount must be ≥ 1");
    }
    if (batchMaxMessages < 1 || workerThreads < 1) {
      throw new IllegalArgumentException("batchMaxMessages and workerThreads must be ≥ 1");
    }
  }

  public CuratorConfig withPort(int p) {
    return new CuratorConfig(
        p,
        bucket,
        topic,
        subscription,
        deadLetterTopic,
        consumerName,
        maxRedeliverCount,
        negativeAckDelay,
        batchMaxMessages,
        batchTimeout,
        workerThreads,
        shadowThreshold);
  }

  public CuratorConfig withBucket(String b) {
    return new CuratorConfig(
        port,
        b,
        topic,
        subscription,
        deadLetterTopic,
        consumerName,
        maxRedeliverCount,
        negativeAckDelay,
        batchMaxMessages,
        batchTimeout,
        workerThreads,
        shadowThreshold);
  }

  /** The topic, with the dead-letter topic {@code <topic>-curator-dlq}. */
  public CuratorConfig withTopic(String t) {
    return new CuratorConfig(
        port,
        bucket,
        t,
        subscription,
        t + "-curator-dlq",
        consumerName,
        maxRedeliverCount,
        negativeAckDelay,
        batchMaxMessages,
        batchTimeout,
        workerThreads,
        shadowThreshold);
  }

  public CuratorConfig withSubscription(String s) {
    return new CuratorConfig(
        port,
        bucket,
        topic,
        s,
        deadLetterTopic,
        consumerName,
        maxRedeliverCount,
        negativeAckDelay,
        batchMaxMessages,
        batchTimeout,
        workerThreads,
        shadowThreshold);
  }

  public CuratorConfig withDeadLetterTopic(String t) {
    return new CuratorConfig(
        port,
        bucket,
        topic,
        subscription,
        t,
        consumerName,
        maxRedeliverCount,
        negativeAckDelay,
        batchMaxMessages,
        batchTimeout,
        workerThreads,
        shadowThreshold);
  }

  public CuratorConfig withConsumerName(String n) {
    return new CuratorConfig(
        port,
        bucket,
        topic,
        subscription,
        deadLetterTopic,
        n,
        maxRedeliverCount,
        negativeAckDelay,
        batchMaxMessages,
        batchTimeout,
        workerThreads,
        shadowThreshold);
  }

  public CuratorConfig withRedelivery(int maxCount, Duration delay) {
    return new CuratorConfig(
        port,
        bucket,
        topic,
        subscription,
        deadLetterTopic,
        consumerName,
        maxCount,
        delay,
        batchMaxMessages,
        batchTimeout,
        workerThreads,
        shadowThreshold);
  }

  public CuratorConfig withBatch(int maxMessages, Duration timeout) {
    return new CuratorConfig(
        port,
        bucket,
        topic,
        subscription,
        deadLetterTopic,
        consumerName,
        maxRedeliverCount,
        negativeAckDelay,
        maxMessages,
        timeout,
        workerThreads,
        shadowThreshold);
  }

  public CuratorConfig withWorkerThreads(int n) {
    return new CuratorConfig(
        port,
        bucket,
        topic,
        subscription,
        deadLetterTopic,
        consumerName,
        maxRedeliverCount,
        negativeAckDelay,
        batchMaxMessages,
        batchTimeout,
        n,
        shadowThreshold);
  }
}
