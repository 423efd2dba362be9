package io.fleetloop.ingest.server;

import io.fleetloop.audit.client.AuditClient;
import io.fleetloop.ingest.api.DeviceRegistry;
import io.fleetloop.ingest.core.IngestLimits;
import io.fleetloop.ingest.lineage.AuditLineageSink;
import io.fleetloop.ingest.lineage.LineageBatcher;
import io.fleetloop.ingest.store.S3Clients;
import io.fleetloop.ingest.store.S3Connection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.apache.pulsar.client.api.PulsarClient;

/**
 * Runs one ingest replica from environment variables.
 *
 * <pre>
 * INGEST_PORT (9400)  INGEST_DEVICE_REGISTRY (path of the device registry properties file)
 * S3_ENDPOINT  S3_ACCESS_KEY  S3_SECRET_KEY  S3_REGION  S3_MAX_CONCURRENT (64)
 * INGEST_BUCKET (fleetloop-clips)
 * PULSAR_URL  INGEST_TOPIC (persistent://public/default/clip-ingested)  INGEST_PRODUCER_NAME
 * AUDIT_ENDPOINT (host:port; unset: no lineage)  AUDIT_TOKEN
 * INGEST_MAX_CLIP_BYTES (67108864)
 * INGEST_DEVICE_CLIPS_PER_SECOND (5)  INGEST_DEVICE_CLIP_BURST (20)
 * INGEST_DEVICE_BYTES_PER_SECOND (33554432)  INGEST_DEVICE_BYTE_BURST (134217728)
 * </pre>
 *
 * <p>The limits are per device (token buckets, see {@link IngestLimits}); unset ones keep the
 * defaults.
 */
public final class IngestServiceMain {

  private IngestServiceMain() {}

  public static void main(String[] args) throws Exception {
    IngestConfig config =
        IngestConfig.defaults()
            .withPort(Integer.parseInt(env("INGEST_PORT", "9400")))
            .withBucket(env("INGEST_BUCKET", "fleetloop-clips"))
            .withTopic(env("INGEST_TOPIC", IngestConfig.DEFAULT_TOPIC))
            .withProducerName(env("INGEST_PRODUCER_NAME", null))
            .withLimits(limits(IngestLimits.defaults(), System::getenv));
    DeviceRegistry devices = DeviceRegistry.load(Path.of(required("INGEST_DEVICE_REGISTRY")));
    S3Connection s3 =
        S3Connection.open(
            required("S3_ENDPOINT"),
            required("S3_ACCESS_KEY"),
            required("S3_SECRET_KEY"),
            env("S3_REGION", null),
            Integer.parseInt(
                env("S3_MAX_CONCURRENT", String.valueOf(S3Clients.DEFAULT_MAX_CONCURRENT))));
    PulsarClient pulsar = PulsarClient.builder().serviceUrl(required("PULSAR_URL")).build();
    String audit = env("AUDIT_ENDPOINT", null);
    LineageBatcher lineage =
        audit == null
            ? LineageBatcher.disabled()
            : new LineageBatcher(
                new AuditLineageSink(
                    AuditClient.connect(
                        audit,
                        AuditClient.Options.defaults().withAppendToken(env("AUDIT_TOKEN", null)))),
                config.lineageBatchClips(),
                config.lineageMaxDelay());
    IngestServer server =
        IngestServer.start(
            config,
            "0.0.0.0",
            devices,
            s3,
            pulsar,
            lineage,
            new SimpleMeterRegistry(),
            Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.stop(Duration.ofSeconds(20));
                    pulsar.close();
                  } catch (Exception e) {
                    e.printStackTrace();
                  } finally {
                    stopped.countDown();
                  }
                }));
    stopped.await();
  }

  /** {@code defaults} with the limits set in {@code environment} (unset or blank: the default). */
  static IngestLimits limits(IngestLimits defaults, Function<String, String> environment) {
    Function<String, Optional<String>> value =
        name -> Optional.ofNullable(environment.apply(name)).filter(v -> !v.isBlank());
    long maxClip =
        value.apply("INGEST_MAX_CLIP_BYTES").map(Long::parseLong).orElse(defaults.maxClipBytes());
    IngestLimits limits =
        defaults
            .withMaxClipBytes(maxClip)
            .withClipRate(
                value
                    .apply("INGEST_DEVICE_CLIPS_PER_SECOND")
                    .map(Double::parseDouble)
                    .orElse(defaults.clipsPerSecond()),
                value
                    .apply("INGEST_DEVICE_CLIP_BURST")
                    .map(Integer::parseInt)
                    .orElse(defaults.clipBurst()));
    return limits.withByteRate(
        value
            .apply("INGEST_DEVICE_BYTES_PER_SECOND")
            .map(Double::parseDouble)
            .orElse(defaults.bytesPerSecond()),
        value.apply("INGEST_DEVICE_BYTE_BURST").map(Long::parseLong).orElse(limits.byteBurst()));
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  private static String required(String name) {
    String v = env(name, null);
    if (v == null) {
      throw new IllegalArgumentException("environment variable " + name + " is required");
    }
    return v;
  }
}
