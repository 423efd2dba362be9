package io.fleetloop.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.HardwarePool;
import org.junit.jupiter.api.Test;

class SerializationTest {

  @Test
  void defaultsApplyWhenFieldsAreOmitted() {
    FleetRelease release =
        Serialization.unmarshal(
            """
            apiVersion: fleetloop.io/v1alpha1
            kind: FleetRelease
            metadata: {name: r, namespace: ns}
            spec:
              fleetSelector: {matchLabels: {fleet: a}}
              model: {version: v1, artifact: s3://models/v1, digest: sha256:00}
              stages: [{percent: 100}]
              analysis: {}
            """,
            FleetRelease.class);
    assertThat(release.getSpec().getAnalysis().getConfidence()).isEqualTo(0.95);
    assertThat(release.getSpec().getAnalysis().getMinExposureKm()).isEqualTo(2000L);
    assertThat(release.getSpec().getPaused()).isFalse();
    assertThat(release.getStatus()).isNull();
  }

  @Test
  void clusterScopedPoolAndNamespacedRelease() {
    assertThat(new HardwarePool().getScope()).isEqualTo("Cluster");
    assertThat(new FleetRelease().getScope()).isEqualTo("Namespaced");
    assertThat(new FleetRelease().getApiVersion()).isEqualTo("fleetloop.io/v1alpha1");
  }
}
