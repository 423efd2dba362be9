package io.fleetloop.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetloop.api.common.Condition;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.DataTriggerRollout;
import io.fleetloop.api.v1alpha1.DataTriggerSpec;
import io.fleetloop.api.v1alpha1.DataTriggerStatus;
import io.fleetloop.edge.DeviceKeys;
import io.fleetloop.edge.FleetRegistry;
import io.fleetloop.edge.TriggerCounters;
import io.fleetloop.ingest.api.DeviceRegistry;
import io.fleetloop.ingest.lineage.LineageBatcher;
import io.fleetloop.ingest.server.IngestConfig;
import io.fleetloop.ingest.server.IngestServer;
import io.fleetloop.ingest.store.S3Connection;
import io.fleetloop.local.ComponentKind;
import io.fleetloop.local.KubeApiComponent;
import io.fleetloop.local.LocalStack;
import io.fleetloop.local.S3Component;
import io.fleetloop.release.server.ReleaseConfig;
import io.fleetloop.release.server.ReleaseServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pulsar.client.api.PulsarClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet simulator as it runs in a cluster, against real services on the local stack: the
 * release channel (on the in-memory API server) and ingest (on the real S3 server and Pulsar
 * broker), both reading ONE device registry file generated from the fleet secret the simulator
 * holds — the Secret of the kind overlay. The fleet pulls a compiled DataTrigger, uploads the
 * moments it captures through ingest, reports to the release channel, publishes its base model, and
 * says so on {@code /readyz}.
 */
class FleetSimIT {

  private static final String SECRET = "fleet-sim-it-secret";
  private static final int VEHICLES = 20;
  private static final Duration DEADLINE = Duration.ofSeconds(90);

  private static KubernetesClient kube;
  private static String namespace;
  private static S3Connection storage;
  private static MinioClient s3;
  private static PulsarClient pulsar;
  private static IngestServer ingest;
  private static ReleaseServer release;
  private static Path registryFile;
  private static S3Component s3Server;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    LocalStack stack =
        LocalStack.shared(ComponentKind.KUBE_API, ComponentKind.S3, ComponentKind.PULSAR);
    KubeApiComponent api = stack.kubeApi();
    kube = api.newClient();
    namespace = api.createUniqueNamespace("fleet-sim");
    s3Server = stack.s3();
    storage =
        S3Connection.open(
            s3Server.endpoint(), s3Server.accessKey(), s3Server.secretKey(), s3Server.region());
    s3 = storage.client();
    if (!s3.bucketExists(BucketExistsArgs.builder().bucket("fleetloop").build())) {
      s3.makeBucket(MakeBucketArgs.builder().bucket("fleetloop").build());
    }
    pulsar = PulsarClient.builder().serviceUrl(stack.pulsar().serviceUrl()).build();

    // the Secret's devices.properties, as `FleetSimMain registry` writes it
    registryFile = dir.resolve("devices.properties");
    Files.writeString(
        registryFile,
        FleetRegistry.properties(
            FleetSim.deviceIds(VEHICLES),
            DeviceKeys.derived(SECRET.getBytes(StandardCharsets.UTF_8)),
            "test"));
    DeviceRegistry registry = DeviceRegistry.load(registryFile);
    ingest =
        IngestServer.start(
            IngestConfig.defaults().withPort(0).withBucket("fleetloop"),
            "127.0.0.1",
            registry,
            storage,
            pulsar,
            LineageBatcher.disabled(),
            new SimpleMeterRegistry(),
            Clock.systemUTC());
    release =
        ReleaseServer.start(
            new ReleaseConfig(
                "127.0.0.1", 0, Set.of(namespace), Optional.of("op"), 2, Duration.ofMinutes(15)),
            kube,
            DeviceRegistry.load(registryFile),
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() throws Exception {
    if (release != null) {
      release.close();
    }
    if (ingest != null) {
      ingest.stop(Duration.ofSeconds(2));
    }
    if (pulsar != null) {
      pulsar.close();
    }
    if (storage != null) {
      storage.close();
    }
    if (kube != null) {
      kube.close();
    }
  }

  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("FLEETLOOP_FLEET_SIZE", Integer.toString(VEHICLES));
    env.put("FLEETLOOP_INGEST_ENDPOINT", "127.0.0.1:" + ingest.port());
    env.put("FLEETLOOP_RELEASE_ENDPOINT", release.target());
    env.put("FLEETLOOP_FLEET_SECRET", SECRET);
    env.put("FLEETLOOP_DEVICES_FILE", registryFile.toString());
    env.put("FLEETLOOP_TIME_LAPSE", "50");
    env.put("FLEETLOOP_S3_ENDPOINT", s3Server.endpoint());
    env.put("FLEETLOOP_S3_ACCESS_KEY", s3Server.accessKey());
    env.put("FLEETLOOP_S3_SECRET_KEY", s3Server.secretKey());
    env.put("FLEETLOOP_FACTORY_MODELS", "policy-g0");
    env.put("FLEETLOOP_PUBLISH_BASE_MODELS", "policy-g0-" + namespace);
    env.put("FLEETLOOP_REPORT_SECONDS", "1");
    env.put("FLEETLOOP_PROGRESS_SECONDS", "2");
    env.put("FLEETLOOP_HTTP_PORT", "0");
    env.put("FLEETLOOP_PULL_PATIENCE_SECONDS", "30");
    return env;
  }

  @Test
  void theFleetPullsItsTriggerUploadsThroughIngestAndReportsToTheReleaseChannel() throws Exception {
    createCompiledTrigger("takeovers", "frame.takeover");
    FleetSimConfig config = FleetSimConfig.fromEnv(env());
    try (HealthEndpoint health = HealthEndpoint.start(0, FleetSimMain.STUCK_AFTER)) {
      assertThat(get(health, "/readyz").statusCode()).isEqualTo(503);
      try (FleetSim fleet = FleetSim.start(config)) {
        health.driving(fleet);
        assertThat(fleet.triggerIds())
            .containsExactly(io.fleetloop.edge.EdgeTrigger.idOf(namespace, "takeovers"));
        assertThat(get(health, "/readyz").statusCode()).isEqualTo(200);

        await()
            .atMost(DEADLINE)
            .pollInterval(Duration.ofMillis(500))
            .untilAsserted(
                () -> {
                  TriggerCounters total = fleet.fleet().counters().total("all");
                  assertThat(total.uploadedClips()).as(fleet.progress()).isPositive();
                  assertThat(fleet.link().reportsSent()).isGreaterThanOrEqualTo(VEHICLES);
                });
        assertThat(fleet.link().failures()).isZero();
        assertThat(get(health, "/healthz").statusCode()).isEqualTo(200);
        // no FleetRelease selects the fleet: the vehicles drive the policy the simulator was built
        // with
        assertThat(fleet.progress()).contains("km driven", "models gen-0 on " + VEHICLES);
      }
    }
    // the generation-0 policy was published where TrainingRuns warm-starting from it look
    assertThat(
            s3.statObject(
                    StatObjectArgs.builder()
                        .bucket("fleetloop")
                        .object("models/policy-g0-" + namespace + "/model.flm")
                        .build())
                .size())
        .isPositive();
  }

  @Test
  void aFleetTheRegistryDoesNotAcceptRefusesToStart() {
    Map<String, String> env = env();
    env.put("FLEETLOOP_FLEET_SECRET", "not-the-secret-the-registry-was-made-from");
    assertThatThrownBy(() -> FleetSim.start(FleetSimConfig.fromEnv(env)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not accept this fleet")
        .hasMessageContaining("device sim-00000 has another key");

    Map<String, String> tooMany = env();
    tooMany.put("FLEETLOOP_FLEET_SIZE", Integer.toString(VEHICLES + 1));
    assertThatThrownBy(() -> FleetSim.start(FleetSimConfig.fromEnv(tooMany)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("device sim-000" + VEHICLES + " is not in the registry");
  }

  private static void createCompiledTrigger(String name, String condition) {
    DataTrigger t = new DataTrigger();
    t.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    t.setSpec(
        new DataTriggerSpec()
            .withFleetSelector(
                new LabelSelectorBuilder().withMatchLabels(Map.of("fleet", "model-y-na")).build())
            .withCondition(condition)
            .withRollout(new DataTriggerRollout().withCanaryPercent(100)));
    DataTrigger created = kube.resource(t).create();
    Condition c = new Condition();
    c.setType(DataTriggerStatus.COMPILED);
    c.setStatus("True");
    c.setReason("Compiled");
    c.setObservedGeneration(created.getMetadata().getGeneration());
    DataTriggerStatus status = new DataTriggerStatus();
    status.setConditions(List.of(c));
    created.setStatus(status);
    kube.resource(created).updateStatus();
  }

  private static HttpResponse<String> get(HealthEndpoint health, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + path))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
