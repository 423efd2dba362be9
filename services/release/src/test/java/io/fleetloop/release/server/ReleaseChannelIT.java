package io.fleetloop.release.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.ingest.api.DeviceRegistry;
import io.fleetloop.ingest.api.DeviceToken;
import io.fleetloop.local.ComponentKind;
import io.fleetloop.local.KubeApiComponent;
import io.fleetloop.local.LocalStack;
import io.fleetloop.release.api.Cohorts;
import io.fleetloop.release.client.ReleaseChannelClient;
import io.fleetloop.release.core.Resources;
import io.fleetloop.release.grpc.Assignment;
import io.fleetloop.release.grpc.DeviceHello;
import io.fleetloop.release.grpc.DeviceReport;
import io.fleetloop.release.grpc.TriggerAssignment;
import io.fleetloop.release.grpc.TriggerCounters;
import io.fleetloop.release.grpc.TriggerStatsReply;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The release channel against the local stack's in-memory API server: triggers and releases read by
 * informers, devices authenticated by their tokens over gRPC on loopback, reports aggregated.
 */
class ReleaseChannelIT {

  private static final String SERVICE_TOKEN = "operator-secret";
  private static final Map<String, String> NA = Map.of("fleet", "model-y-na");
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private static KubernetesClient kube;
  private static String namespace;
  private static ReleaseServer channel;
  private static ReleaseChannelClient operator;
  private static final DeviceRegistry keys = new DeviceRegistry();
  private static final List<String> devices = new ArrayList<>();

  @BeforeAll
  static void start() {
    KubeApiComponent api = LocalStack.shared(ComponentKind.KUBE_API).kubeApi();
    kube = api.newClient();
    namespace = api.createUniqueNamespace("release-channel");
    for (int i = 0; i < 40; i++) {
      String id = "car-" + i;
      devices.add(id);
      keys.register(id, key(id));
    }
    channel =
        ReleaseServer.start(
            new ReleaseConfig(
                "127.0.0.1",
                0,
                Set.of(namespace),
                java.util.Optional.of(SERVICE_TOKEN),
                30,
                Duration.ofMinutes(15)),
            kube,
            keys,
            Clock.systemUTC());
    operator = ReleaseChannelClient.forService(channel.target(), SERVICE_TOKEN, DEADLINE);
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (channel != null) {
      channel.close();
    }
    if (kube != null) {
      kube.close();
    }
  }

  @Test
  void devicesGetCompiledTriggersTheirCanarySliceAndTheirModelAndReportsAreAggregated() {
    create(Resources.compiled(Resources.trigger("fog", "model-y-na", 100), "True", 1));
    create(Resources.compiled(Resources.trigger("typo", "model-y-na", 100), "False", 1));
    create(Resources.compiled(Resources.trigger("half", "model-y-na", 50), "True", 1));
    create(Resources.compiled(Resources.trigger("eu-only", "model-y-eu", 100), "True", 1));
    FleetRelease release = Resources.release("na", "model-y-na", "policy-g3");
    release.getMetadata().setNamespace(namespace);
    kube.resource(release).create();

    await()
        .atMost(DEADLINE)
        .untilAsserted(
            () -> {
              Assignment a = assignment("car-0");
              assertThat(ids(a)).contains(id("fog"));
              assertThat(a.getModel().getVersion()).isEqualTo("policy-g3");
            });

    long inHalf = 0;
    for (String device : devices) {
      Assignment a = assignment(device);
      assertThat(a.getCohort()).isEqualTo(Cohorts.of(device));
      assertThat(ids(a)).contains(id("fog")).doesNotContain(id("typo"), id("eu-only"));
      boolean canary = Cohorts.of(device) < 5000;
      assertThat(ids(a).contains(id("half"))).as("%s in the 50%% canary", device).isEqualTo(canary);
      inHalf += canary ? 1 : 0;
      assertThat(a.getModel().getArtifactUri()).isEqualTo("s3://models/policy-g3");
      assertThat(a.getPollAfterSeconds()).isEqualTo(30);
    }
    assertThat(inHalf).isBetween(1L, 39L);

    // every device reports a day of running "fog": 3 firings, 1 clip of 2000 bytes each
    for (String device : devices) {
      try (ReleaseChannelClient c = deviceClient(device)) {
        var ack =
            c.report(
                DeviceReport.newBuilder()
                    .setDeviceId(device)
                    .addTriggers(counters(id("fog"), 1, 3, 1, 2000, 86_400))
                    .addTriggers(counters(id("typo"), 1, 50, 50, 50, 86_400))
                    .build());
        assertThat(ack.getAccepted()).isEqualTo(1);
        assertThat(ack.getIgnored()).isEqualTo(1);
      }
    }
    TriggerStatsReply stats = operator.triggerStats(id("fog"), 0);
    assertThat(stats.getServed()).isTrue();
    assertThat(stats.getGeneration()).isEqualTo(1);
    assertThat(stats.getServedPercent()).isEqualTo(100);
    assertThat(stats.getDevicesTargeted()).isEqualTo(40);
    assertThat(stats.getDevicesActive()).isEqualTo(40);
    assertThat(stats.getFirings()).isEqualTo(120);
    assertThat(stats.getUploadedClips()).isEqualTo(40);
    assertThat(stats.getUploadedBytes()).isEqualTo(80_000);
    assertThat(stats.getFiringsPerDeviceDay()).isEqualTo(3.0);
    assertThat(stats.getBytesPerDevicePerDay()).isEqualTo(2000.0);

    TriggerStatsReply typo = operator.triggerStats(id("typo"), 0);
    assertThat(typo.getServed()).isFalse();
    assertThat(typo.getFirings()).isZero();

    // a new generation is not served until the operator compiled it
    kube.resources(DataTrigger.class)
        .inNamespace(namespace)
        .withName("fog")
        .edit(
            t -> {
              t.getSpec().setCondition("frame.takeover || env.weather == 'fog'");
              return t;
            });
    await().atMost(DEADLINE).until(() -> !ids(assignment("car-1")).contains(id("fog")));
    assertThat(operator.triggerStats(id("fog"), 0).getServed()).isFalse();
  }

  @Test
  void aDeviceCanOnlyAskAndReportAsItself() {
    try (ReleaseChannelClient c = deviceClient("car-1")) {
      assertThatThrownBy(() -> c.assignment(DeviceHello.newBuilder().setDeviceId("car-2").build()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                assertThat(e.getStatus().getDescription()).contains("car-1", "car-2");
              });
      assertThatThrownBy(() -> c.triggerStats(id("fog"), 0))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    }
    try (ReleaseChannelClient forged =
        ReleaseChannelClient.forDevice(
            channel.target(),
            () -> DeviceToken.sign("car-1", Instant.now().plusSeconds(600), key("other")),
            DEADLINE)) {
      assertThatThrownBy(
              () -> forged.assignment(DeviceHello.newBuilder().setDeviceId("car-1").build()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                assertThat(e.getStatus().getDescription()).contains("signature");
              });
    }
    try (ReleaseChannelClient wrong =
        ReleaseChannelClient.forService(channel.target(), "guess", DEADLINE)) {
      assertThatThrownBy(() -> wrong.triggerStats(id("fog"), 0))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }
  }

  private static void create(DataTrigger trigger) {
    trigger.getMetadata().setNamespace(namespace);
    trigger.getMetadata().setGeneration(null);
    var status = trigger.getStatus();
    DataTrigger created = kube.resource(trigger).create();
    created.setStatus(status);
    kube.resource(created).updateStatus();
  }

  private static Assignment assignment(String device) {
    try (ReleaseChannelClient c = deviceClient(device)) {
      return c.assignment(
          DeviceHello.newBuilder().setDeviceId(device).putAllLabels(NA).setHardware("hw4").build());
    }
  }

  private static ReleaseChannelClient deviceClient(String device) {
    return ReleaseChannelClient.forDevice(
        channel.target(),
        () -> DeviceToken.sign(device, Instant.now().plusSeconds(600), key(device)),
        DEADLINE);
  }

  private static TriggerCounters counters(
      String trigger, long generation, long fired, long clips, long bytes, long seconds) {
    return TriggerCounters.newBuilder()
        .setTriggerId(trigger)
        .setGeneration(generation)
        .setEvaluated(fired * 1000)
        .setFired(fired)
        .setUploadedClips(clips)
        .setUploadedBytes(bytes)
        .setRunningSeconds(seconds)
        .build();
  }

  private static List<String> ids(Assignment a) {
    return a.getTriggersList().stream().map(TriggerAssignment::getId).toList();
  }

  private static String id(String name) {
    return "datatrigger/" + namespace + "/" + name;
  }

  private static byte[] key(String device) {
    return ("key-of-" + device + "-0123456789abcdef").getBytes(StandardCharsets.UTF_8);
  }
}
