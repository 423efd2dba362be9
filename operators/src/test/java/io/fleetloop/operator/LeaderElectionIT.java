package io.fleetloop.operator;

import static io.fleetloop.operator.testing.OperatorEnvironment.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.local.ComponentKind;
import io.fleetloop.local.KubeApiComponent;
import io.fleetloop.local.LocalStack;
import io.fleetloop.operator.testing.Fixtures;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two replicas on one Lease: one reconciles, the other stands by and takes over. */
class LeaderElectionIT {

  private final KubeApiComponent api = LocalStack.shared(ComponentKind.KUBE_API).kubeApi();
  private final KubernetesClient client = api.newClient();
  private final String namespace = api.createUniqueNamespace("LeaderElectionIT");
  private FleetloopOperator first;
  private FleetloopOperator second;

  /**
   * JOSDK checks its Lease permissions with a SelfSubjectRulesReview before it campaigns; the
   * in-memory API server must answer one (it stores it as an ordinary object otherwise, and refuses
   * it without a name).
   */
  @BeforeEach
  void apiServerAnswersSelfSubjectRulesReviews() {
    boolean answered;
    try {
      var review =
          client
              .resource(
                  new SelfSubjectRulesReviewBuilder()
                      .withNewSpec()
                      .withNamespace(namespace)
                      .endSpec()
                      .build())
              .create();
      answered = review.getStatus() != null && review.getStatus().getResourceRules() != null;
    } catch (KubernetesClientException e) {
      answered = false;
    }
    assertThat(answered)
        .as(
            "the API server answers SelfSubjectRulesReview, which JOSDK's leader election needs"
                + " (LeaderElectionManager.checkLeaseAccess)")
        .isTrue();
  }

  @AfterEach
  void stop() {
    if (first != null) {
      first.close();
    }
    if (second != null) {
      second.close();
    }
    client.close();
  }

  @Test
  void oneReplicaHoldsTheLeaseAndReconciles() {
    first = FleetloopOperator.start(api.newClient(), replica("replica-1"));
    eventually()
        .untilAsserted(
            () -> assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("replica-1"));
    second = FleetloopOperator.start(api.newClient(), replica("replica-2"));

    client.resource(Fixtures.dataTrigger(namespace, "led", "frame.takeover")).create();
    eventually()
        .until(
            () ->
                client
                        .resources(DataTrigger.class)
                        .inNamespace(namespace)
                        .withName("led")
                        .get()
                        .getStatus()
                    != null);
    assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("replica-1");
    assertThat(
            client
                .resources(DataTrigger.class)
                .inNamespace(namespace)
                .withName("led")
                .get()
                .getStatus()
                .condition(ConditionTypes.READY))
        .isPresent();

    // the leader stops (releasing the Lease): the standby takes over and reconciles
    first.close();
    first = null;
    eventually()
        .untilAsserted(
            () -> assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("replica-2"));
    client.resource(Fixtures.dataTrigger(namespace, "after-failover", "frame.takeover")).create();
    eventually()
        .until(
            () ->
                client
                        .resources(DataTrigger.class)
                        .inNamespace(namespace)
                        .withName("after-failover")
                        .get()
                        .getStatus()
                    != null);
  }

  private Lease lease() {
    return client.leases().inNamespace(namespace).withName("fleetloop-operator").get();
  }

  private OperatorSettings replica(String identity) {
    return OperatorSettings.local()
        .watching(Set.of(namespace))
        .withLeaderElection(
            new OperatorSettings.LeaderElection(
                "fleetloop-operator",
                java.util.Optional.of(namespace),
                java.util.Optional.of(identity),
                Duration.ofSeconds(4),
                Duration.ofSeconds(3),
                Duration.ofMillis(500),
                false));
  }
}
