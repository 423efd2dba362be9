package io.fleetloop.operator.datatrigger;

import static io.fleetloop.operator.testing.OperatorEnvironment.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetloop.api.common.Condition;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.DataTriggerRollout;
import io.fleetloop.api.v1alpha1.DataTriggerRolloutStatus;
import io.fleetloop.api.v1alpha1.DataTriggerStatus;
import io.fleetloop.audit.api.event.TriggerCanaried;
import io.fleetloop.audit.api.event.TriggerDeployed;
import io.fleetloop.audit.client.InMemoryAuditRecorder;
import io.fleetloop.ingest.api.DeviceRegistry;
import io.fleetloop.ingest.api.DeviceToken;
import io.fleetloop.local.ComponentKind;
import io.fleetloop.local.LocalStack;
import io.fleetloop.operator.testing.Fixtures;
import io.fleetloop.operator.testing.OperatorEnvironment;
import io.fleetloop.release.client.ReleaseChannelClient;
import io.fleetloop.release.grpc.DeviceHello;
import io.fleetloop.release.grpc.DeviceReport;
import io.fleetloop.release.grpc.TriggerAssignment;
import io.fleetloop.release.grpc.TriggerCounters;
import io.fleetloop.release.server.ReleaseConfig;
import io.fleetloop.release.server.ReleaseServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Trigger canarying end to end on the local stack: the operator (started as in production, the
 * release channel named by {@code FLEETLOOP_RELEASE_*} settings), the real release channel on the
 * same in-memory API server, and 40 simulated devices that poll and report over gRPC.
 */
class TriggerCanaryIT {

  private static final String TOKEN = "operator-token";
  private static final Map<String, String> LABELS = Map.of("fleet", "model-y-na");
  private static final InMemoryAuditRecorder facts = new InMemoryAuditRecorder();
  private static final DeviceRegistry keys = new DeviceRegistry();
  private static final List<String> devices = new ArrayList<>();
  private static final Map<String, ReleaseChannelClient> clients = new ConcurrentHashMap<>();
  private static ReleaseServer channel;

  @RegisterExtension
  static final OperatorEnvironment env =
      new OperatorEnvironment(
          settings -> {
            startTheChannel();
            return settings.withAuditRecorder(facts);
          });

  /** Runs in the extension's beforeAll, before the operator starts and reads the settings. */
  private static void startTheChannel() {
    for (int i = 0; i < 40; i++) {
      devices.add("car-" + i);
      keys.register("car-" + i, key("car-" + i));
    }
    channel =
        ReleaseServer.start(
            ReleaseConfig.local(TOKEN).withActiveWindow(Duration.ofMinutes(5)),
            LocalStack.shared(ComponentKind.KUBE_API).kubeApi().client(),
            keys,
            Clock.systemUTC());
    System.setProperty(ReleaseChannelLink.Env.RELEASE_ENDPOINT, channel.target());
    System.setProperty(ReleaseChannelLink.Env.RELEASE_SERVICE_TOKEN, TOKEN);
    System.setProperty(ReleaseChannelLink.Env.CANARY_MIN_DEVICES, "3");
    System.setProperty(ReleaseChannelLink.Env.CANARY_MIN_OBSERVATION, "2s");
    System.setProperty(ReleaseChannelLink.Env.STATS_REFRESH, "500ms");
  }

  @BeforeAll
  static void theOperatorHasReadItsSettings() {
    for (String p :
        List.of(
            ReleaseChannelLink.Env.RELEASE_ENDPOINT,
            ReleaseChannelLink.Env.RELEASE_SERVICE_TOKEN,
            ReleaseChannelLink.Env.CANARY_MIN_DEVICES,
            ReleaseChannelLink.Env.CANARY_MIN_OBSERVATION,
            ReleaseChannelLink.Env.STATS_REFRESH)) {
      System.clearProperty(p);
    }
  }

  @AfterAll
  static void stopTheChannel() {
    clients.values().forEach(ReleaseChannelClient::close);
    if (channel != null) {
      channel.close();
    }
  }

  @Test
  void aCanaryWithinBudgetIsPromotedToEveryDevice() {
    env.create(trigger("calm", 25));
    Set<String> canary = awaitServedSlice("calm");
    assertThat(canary.size()).isBetween(3, 39);

    // each canary device: one day of running it, 2 firings, 1 clip of 1000 bytes
    canary.forEach(d -> report(d, "calm", 2, 1, 1_000));

    eventually()
        .untilAsserted(
            () -> {
              DataTrigger t = env.get(DataTrigger.class, "calm");
              DataTriggerStatus s = t.getStatus();
              assertThat(s.condition(DataTriggerStatus.DISTRIBUTED))
                  .get()
                  .returns(ConditionTypes.TRUE, Condition::getStatus)
                  .returns(DataTriggerStatus.REASON_DEPLOYED, Condition::getReason);
              assertThat(s.getRollout().getPhase()).isEqualTo(DataTriggerRolloutStatus.COMPLETE);
              assertThat(s.getRollout().getGeneration()).isEqualTo(1L);
              assertThat(s.getDevices().getTargeted()).isEqualTo(40L);
              assertThat(s.getDevices().getActive()).isEqualTo((long) canary.size());
              assertThat(s.getFirings()).isEqualTo(2L * canary.size());
              assertThat(s.getUploads().getClips()).isEqualTo((long) canary.size());
              assertThat(s.getUploads().getBytes()).isEqualTo(1_000L * canary.size());
            });
    // promoted: every device gets it now
    eventually().until(() -> servedTo("calm").size() == devices.size());
    assertThat(facts.events())
        .anySatisfy(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        TriggerDeployed.class,
                        d -> assertThat(d.triggerId()).isEqualTo(id("calm"))))
        .anySatisfy(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        TriggerCanaried.class,
                        c -> {
                          assertThat(c.triggerId()).isEqualTo(id("calm"));
                          assertThat(c.percent()).isEqualTo(25);
                        }));
  }

  @Test
  void aCanaryOverBudgetStaysOnItsSliceAndSaysWhy() {
    env.create(trigger("loud", 25));
    Set<String> canary = awaitServedSlice("loud");

    // each canary device: one day of running it, 37 firings (budget: 20 clips a day)
    canary.forEach(d -> report(d, "loud", 37, 20, 20_000));

    eventually()
        .untilAsserted(
            () ->
                assertThat(env.condition(DataTrigger.class, "loud", DataTriggerStatus.DISTRIBUTED))
                    .get()
                    .returns(ConditionTypes.FALSE, Condition::getStatus)
                    .returns(DataTriggerStatus.REASON_CANARY_OVER_BUDGET, Condition::getReason)
                    .satisfies(
                        c ->
                            assertThat(c.getMessage())
                                .startsWith("37 firings/device/day > budget 20")
                                .contains("25% canary")));
    // well past the 2 s observation time it is still a canary, served to the same slice
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                DataTriggerRolloutStatus.CANARY.equals(
                    env.get(DataTrigger.class, "loud").getStatus().getRollout().getPhase()));
    assertThat(servedTo("loud")).isEqualTo(canary);
    DataTriggerStatus s = env.get(DataTrigger.class, "loud").getStatus();
    assertThat(s.getFirings()).isEqualTo(37L * canary.size());
    assertThat(s.getDevices().getTargeted()).isEqualTo(40L);
    assertThat(s.condition(ConditionTypes.READY))
        .get()
        .returns(ConditionTypes.TRUE, Condition::getStatus);
  }

  private static DataTrigger trigger(String name, int canaryPercent) {
    DataTrigger t = Fixtures.dataTrigger(null, name, "frame.takeover || shadow.disagreement > 0.3");
    t.getSpec().setRollout(new DataTriggerRollout().withCanaryPercent(canaryPercent));
    return t;
  }

  /** Polls the fleet until the channel serves {@code name}; returns the devices that get it. */
  private static Set<String> awaitServedSlice(String name) {
    eventually().until(() -> !servedTo(name).isEmpty());
    return servedTo(name);
  }

  private static Set<String> servedTo(String name) {
    return devices.stream()
        .filter(
            d -> {
              return client(d)
                  .assignment(DeviceHello.newBuilder().setDeviceId(d).putAllLabels(LABELS).build())
                  .getTriggersList()
                  .stream()
                  .map(TriggerAssignment::getId)
                  .anyMatch(id(name)::equals);
            })
        .collect(Collectors.toSet());
  }

  private static void report(String device, String name, long fired, long clips, long bytes) {
    var ack =
        client(device)
            .report(
                DeviceReport.newBuilder()
                    .setDeviceId(device)
                    .addTriggers(
                        TriggerCounters.newBuilder()
                            .setTriggerId(id(name))
                            .setGeneration(1)
                            .setEvaluated(fired * 10_000)
                            .setFired(fired)
                            .setUploadedClips(clips)
                            .setUploadedBytes(bytes)
                            .setRunningSeconds(86_400))
                    .build());
    assertThat(ack.getAccepted()).isEqualTo(1);
  }

  /** The device's client, one channel per device for the class. */
  private static ReleaseChannelClient client(String device) {
    return clients.computeIfAbsent(
        device,
        d ->
            ReleaseChannelClient.forDevice(
                channel.target(),
                () -> DeviceToken.sign(d, Instant.now().plusSeconds(600), key(d)),
                Duration.ofSeconds(5)));
  }

  private static String id(String name) {
    return "datatrigger/" + env.namespace() + "/" + name;
  }

  private static byte[] key(String device) {
    return ("device-key-" + device).getBytes(StandardCharsets.UTF_8);
  }
}
