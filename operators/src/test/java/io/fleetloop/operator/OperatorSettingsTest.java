package io.fleetloop.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetloop.audit.client.InMemoryAuditRecorder;
import io.fleetloop.operator.OperatorSettings.Audit;
import io.fleetloop.operator.OperatorSettings.Env;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

  @Test
  void aContainerWithoutSettingsWatchesEverythingAndElectsALeader() {
    var settings = OperatorSettings.fromEnv(Map.of(Env.POD_NAMESPACE, "fleetloop-system"));

    assertThat(settings.namespaces()).isEmpty();
    assertThat(settings.httpHost()).isEqualTo("0.0.0.0");
    assertThat(settings.httpPort()).isEqualTo(8080);
    assertThat(settings.leaderElection())
        .get()
        .satisfies(
            le -> {
              assertThat(le.leaseName()).isEqualTo("fleetloop-operator");
              assertThat(le.leaseNamespace()).contains("fleetloop-system");
              assertThat(le.identity()).isEmpty();
            });
  }

  @Test
  void readsEveryVariable() {
    var settings =
        OperatorSettings.fromEnv(
            Map.of(
                Env.WATCH_NAMESPACES, " team-a, team-b ,,",
                Env.LEADER_ELECTION, "TRUE",
                Env.LEASE_NAMESPACE, "ops",
                Env.LEASE_NAME, "fl",
                Env.LEASE_IDENTITY, "pod-1",
                Env.HTTP_PORT, "9090",
                Env.RECONCILE_THREADS, "4",
                Env.POD_NAMESPACE, "ignored"));

    assertThat(settings.namespaces()).containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(settings.httpPort()).isEqualTo(9090);
    assertThat(settings.reconcileThreads()).isEqualTo(4);
    var le = settings.leaderElection().orElseThrow();
    assertThat(le.leaseName()).isEqualTo("fl");
    assertThat(le.leaseNamespace()).contains("ops");
    assertThat(le.identity()).contains("pod-1");
  }

  @Test
  void leaderElectionCanBeSwitchedOff() {
    assertThat(OperatorSettings.fromEnv(Map.of(Env.LEADER_ELECTION, "false")).leaderElection())
        .isEmpty();
  }

  @Test
  void badValuesAreRejectedWithTheVariableName() {
    assertThatThrownBy(() -> OperatorSettings.fromEnv(Map.of(Env.LEADER_ELECTION, "yes")))
        .hasMessageContaining(Env.LEADER_ELECTION);
    assertThatThrownBy(() -> OperatorSettings.fromEnv(Map.of(Env.HTTP_PORT, "http")))
        .hasMessageContaining(Env.HTTP_PORT);
  }

  @Test
  void localRunsInProcessWithoutLeaderElectionOnLoopback() {
    var local = OperatorSettings.local();

    assertThat(local.leaderElection()).isEmpty();
    assertThat(local.namespaces()).isEmpty();
    assertThat(local.httpHost()).isEqualTo("127.0.0.1");
    assertThat(local.httpPort()).isZero();
    assertThat(local.audit()).isInstanceOf(Audit.None.class);
  }

  @Test
  void theAuditLogComesFromTheEnvironmentOrIsNotConfigured() {
    assertThat(OperatorSettings.fromEnv(Map.of()).audit()).isInstanceOf(Audit.None.class);
    assertThat(OperatorSettings.fromEnv(Map.of(Env.AUDIT_ENDPOINT, " ")).audit())
        .isInstanceOf(Audit.None.class);

    var settings =
        OperatorSettings.fromEnv(
            Map.of(
                Env.AUDIT_ENDPOINT, "fleetloop-audit.fleetloop-system:7444",
                Env.AUDIT_TOKEN, "s3cret"));
    assertThat(settings.audit())
        .isEqualTo(
            new Audit.Endpoint("fleetloop-audit.fleetloop-system:7444", Optional.of("s3cret")));
    assertThat(settings.toString()).doesNotContain("s3cret");
    assertThat(
            OperatorSettings.fromEnv(Map.of(Env.AUDIT_ENDPOINT, "audit:7444", Env.AUDIT_TOKEN, ""))
                .audit())
        .isEqualTo(new Audit.Endpoint("audit:7444", Optional.empty()));
  }

  @Test
  void theAuditLogCanBeGivenInProcess() {
    assertThat(OperatorSettings.local().withAudit("127.0.0.1:7444", null).audit())
        .isEqualTo(new Audit.Endpoint("127.0.0.1:7444", Optional.empty()));
    var recorder = new InMemoryAuditRecorder();
    assertThat(OperatorSettings.local().withAuditRecorder(recorder).audit())
        .isEqualTo(new Audit.Recorder(recorder));
    assertThatThrownBy(() -> OperatorSettings.local().withAudit("", "t"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
