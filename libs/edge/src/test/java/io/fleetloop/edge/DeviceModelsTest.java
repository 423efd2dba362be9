package io.fleetloop.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fleetloop.release.grpc.Artifact;
import io.fleetloop.release.grpc.Exposure;
import io.fleetloop.release.grpc.ExposureRole;
import io.fleetloop.world.FleetSimulator;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.WorldConfig;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeviceModelsTest {

  private static final PolicyModel G3 = PolicyModel.untrained("policy", "policy-g3", 1);
  private static final PolicyModel G4 = PolicyModel.untrained("policy", "policy-g4-trained", 2);

  @Test
  void downloadsAnAssignedModelOnceAndVerifiesItsDigest() throws Exception {
    byte[] bytes = G4.toArtifact().toBytes();
    Map<String, byte[]> bucket = new HashMap<>(Map.of("s3://b/g4/model.flm", bytes));
    AtomicInteger reads = new AtomicInteger();
    DeviceModels models =
        new DeviceModels(
            uri -> {
              reads.incrementAndGet();
              return bucket.get(uri);
            });
    Artifact g4 = artifact("policy-g4", "s3://b/g4/model.flm", digest(bytes));

    PolicyModel first = models.resolve(g4);
    PolicyModel second = models.resolve(g4);

    assertThat(first.version()).as("installed under the assigned version").isEqualTo("policy-g4");
    assertThat(first.mlp().parameterCount()).isEqualTo(G4.mlp().parameterCount());
    assertThat(second).as("cached per version").isSameAs(first);
    assertThat(reads).hasValue(1);
    assertThat(models.downloads()).isEqualTo(1);
    assertThat(models.isInstalled("policy-g4")).isTrue();
  }

  @Test
  void refusesBytesThatDoNotHaveTheAssignedDigest() {
    byte[] bytes = G4.toArtifact().toBytes();
    DeviceModels models = new DeviceModels(uri -> bytes);
    Artifact tampered = artifact("policy-g4", "s3://b/g4/model.flm", digest(new byte[] {1, 2}));

    assertThatThrownBy(() -> models.resolve(tampered))
        .isInstanceOf(DeviceModels.ModelUnavailableException.class)
        .hasMessageContaining("policy-g4")
        .hasMessageContaining("has digest " + digest(bytes))
        .hasMessageContaining("refused");
    assertThat(models.isInstalled("policy-g4")).as("a refused model is not cached").isFalse();
  }

  @Test
  void preinstalledVersionsAreNeverDownloadedAndAnEmptyVersionIsNoModel() throws Exception {
    DeviceModels models =
        new DeviceModels(
                uri -> {
                  throw new IllegalStateException("no download expected: " + uri);
                })
            .preinstall("policy-g3", G3);

    assertThat(models.resolve(artifact("policy-g3", "s3://models/policy-g3", "sha256:00")))
        .isSameAs(G3);
    assertThat(models.resolve(Artifact.getDefaultInstance())).isNull();
    assertThatThrownBy(() -> models.resolve(artifact("policy-g9", "s3://b/g9", "sha256:00")))
        .isInstanceOf(DeviceModels.ModelUnavailableException.class)
        .hasMessageContaining("cannot read model policy-g9 from s3://b/g9");
  }

  @Test
  void aVehicleThatSwitchesModelsKeepsReportingTheExposureOfTheVersionItRanBefore() {
    WorldConfig config = WorldConfig.defaults().toBuilder().vehicles(2).threads(1).seed(5).build();
    try (FleetSimulator sim = FleetSimulator.driving(config, G3);
        SimulatedFleet fleet =
            SimulatedFleet.builder(
                    sim, TriggerSet.compile(List.of(Frames.trigger("never", "false").build())))
                .deviceKeys(DeviceKeys.derived(new byte[32]))
                .build()) {
      fleet.drive(300);
      fleet.assignModels(0, G3, G4);
      fleet.drive(300);

      EdgeAgent switched = fleet.agent(0);
      assertThat(switched.modelVersion()).isEqualTo("policy-g3");
      assertThat(switched.shadowModelVersion()).isEqualTo("policy-g4-trained");
      assertThat(sim.shadow(0)).isSameAs(G4);
      List<Exposure> exposure = switched.exposureSnapshot();
      double drivingKm = km(exposure, "policy-g3", ExposureRole.DRIVING);
      double shadowKm = km(exposure, "policy-g4-trained", ExposureRole.SHADOW);
      assertThat(drivingKm).as("all 600 ticks under the active version").isPositive();
      assertThat(shadowKm).as("only the ticks after the switch").isPositive().isLessThan(drivingKm);
      double total = km(fleet.agent(0).exposureSnapshot(), null, ExposureRole.DRIVING);
      total += km(fleet.agent(1).exposureSnapshot(), null, ExposureRole.DRIVING);
      assertThat(total).as("driving km of the fleet").isCloseTo(sim.stats().km(), within(1e-6));
      assertThat(km(fleet.agent(1).exposureSnapshot(), null, ExposureRole.SHADOW))
          .as("the other vehicle has no shadow")
          .isZero();
    }
  }

  private static double km(List<Exposure> entries, String version, ExposureRole role) {
    return entries.stream()
        .filter(e -> e.getRole() == role)
        .filter(e -> version == null || e.getModelVersion().equals(version))
        .mapToDouble(Exposure::getKm)
        .sum();
  }

  private static Artifact artifact(String version, String uri, String digest) {
    return Artifact.newBuilder().setVersion(version).setArtifactUri(uri).setDigest(digest).build();
  }

  private static String digest(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
