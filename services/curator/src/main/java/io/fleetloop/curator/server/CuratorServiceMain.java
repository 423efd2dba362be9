package io.fleetloop.curator.server;

import io.fleetloop.audit.client.AuditClient;
import io.fleetloop.audit.client.AuditRecorder;
import io.fleetloop.audit.client.GrpcAuditRecorder;
import io.fleetloop.codec.CodecResolver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.apache.pulsar.client.api.PulsarClient;

/**
 * Runs one curator replica from environment variables.
 *
 * <pre>
 * CURATOR_PORT (9500)  CURATOR_BUCKET (fleetloop-datasets)  CURATOR_CONSUMER_NAME (curator-0)
 * S3_ENDPOINT  S3_ACCESS_KEY  S3_SECRET_KEY
 * PULSAR_URL  CURATOR_TOPIC (persistent://public/default/clip-ingested)  CURATOR_SUBSCRIPTION (curator)
 * CURATOR_DLQ_TOPIC (&lt;topic&gt;-curator-dlq)  CURATOR_MAX_REDELIVERIES (3)
 * AUDIT_ENDPOINT (host:port; unset: audit disabled)  AUDIT_TOKEN
 * </pre>
 */
public final class CuratorServiceMain {

  private CuratorServiceMain() {}

  public static void main(String[] args) throws Exception {
    CuratorConfig base = CuratorConfig.defaults();
    CuratorConfig config =
        base.withPort(Integer.parseInt(env("CURATOR_PORT", "9500")))
            .withBucket(env("CURATOR_BUCKET", base.bucket()))
            .withTopic(env("CURATOR_TOPIC", base.topic()))
            .withSubscription(env("CURATOR_SUBSCRIPTION", base.subscription()))
            .withConsumerName(env("CURATOR_CONSUMER_NAME", base.consumerName()));
    config =
        config
            .withDeadLetterTopic(env("CURATOR_DLQ_TOPIC", config.deadLetterTopic()))
            .withRedelivery(
                Integer.parseInt(env("CURATOR_MAX_REDELIVERIES", "3")), config.negativeAckDelay());
    MinioClient s3 =
        MinioClient.builder()
            .endpoint(required("S3_ENDPOINT"))
            .credentials(required("S3_ACCESS_KEY"), required("S3_SECRET_KEY"))
            .build();
    PulsarClient pulsar = PulsarClient.builder().serviceUrl(required("PULSAR_URL")).build();
    String auditEndpoint = env("AUDIT_ENDPOINT", null);
    AuditRecorder audit =
        auditEndpoint == null
            ? AuditRecorder.noop()
            : new GrpcAuditRecorder(
                AuditClient.connect(
                    auditEndpoint,
                    AuditClient.Options.defaults().withAppendToken(env("AUDIT_TOKEN", null))),
                "service/curator");
    CuratorServer server =
        CuratorServer.start(
            config,
            "0.0.0.0",
            s3,
            pulsar,
            new CodecResolver(),
            audit,
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
