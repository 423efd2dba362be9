package io.fleetloop.world.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetloop.world.PolicyFeatures;
import io.fleetloop.world.PolicyModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelArtifactTest {
  private static PolicyModel policy() {
    PolicyModel p = PolicyModel.untrained("fleetloop-reference-policy", "gen-3", 17);
    return new PolicyModel(
        p.name(), p.version(), p.mlp(), Map.of("generation", "3", "dataset", "snap-0042"));
  }

  @Test
  void roundTripKeepsEveryBitAndTheMetadata() throws Exception {
    PolicyModel p = policy();
    ModelArtifact a = p.toArtifact();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    a.writeTo(out);
    ModelArtifact back = ModelArtifact.readFrom(new ByteArrayInputStream(out.toByteArray()));
    assertThat(back.name()).isEqualTo("fleetloop-reference-policy");
    assertThat(back.version()).isEqualTo("gen-3");
    assertThat(back.inputSchema()).isEqualTo(PolicyFeatures.SCHEMA);
    assertThat(back.metadata())
        .containsExactly(Map.entry("dataset", "snap-0042"), Map.entry("generation", "3"));
    assertThat(back.mlp().sameAs(p.mlp())).isTrue();
    assertThat(back.sha256()).isEqualTo(a.sha256()).hasSize(64);
    assertThat(back.toBytes()).isEqualTo(out.toByteArray());
    PolicyModel again = PolicyModel.fromArtifact(back);
    assertThat(again.mlp().sameAs(p.mlp())).isTrue();
    assertThat(again.metadata()).isEqualTo(p.metadata());
  }

  @Test
  void theDigestIsAContentIdAndTheArtifactASnapshot() {
    PolicyModel p = policy();
    ModelArtifact a = p.toArtifact();
    String before = a.sha256();
    assertThat(p.toArtifact().sha256()).isEqualTo(before);
    p.mlp().layer(0).set(new float[p.mlp().layer(0).weights().length], p.mlp().layer(0).bias());
    assertThat(a.sha256()).isEqualTo(before);
    assertThat(p.toArtifact().sha256()).isNotEqualTo(before);
  }

  @Test
  void aCorruptedArtifactIsRefusedWithAClearError() {
    byte[] bytes = policy().toArtifact().toBytes();
    byte[] flipped = bytes.clone();
    flipped[bytes.length / 2] ^= 0x01; // one bit in the weights
    assertThatThrownBy(() -> ModelArtifact.fromBytes(flipped))
        .isInstanceOf(InvalidArtifactException.class)
        .hasMessageContaining("digest mismatch")
        .hasMessageContaining("refused");
    byte[] badDigest = bytes.clone();
    badDigest[bytes.length - 1] ^= 0x40;
    assertThatThrownBy(() -> ModelArtifact.fromBytes(badDigest))
        .isInstanceOf(InvalidArtifactException.class)
        .hasMessageContaining("digest mismatch");
  }

  @Test
  void truncatedPaddedAndForeignFilesAreRefused() {
    byte[] bytes = policy().toArtifact().toBytes();
    assertThatThrownBy(() -> ModelArtifact.fromBytes(Arrays.copyOf(bytes, bytes.length - 100)))
        .isInstanceOf(InvalidArtifactException.class);
    assertThatThrownBy(() -> ModelArtifact.fromBytes(Arrays.copyOf(bytes, bytes.length + 4)))
        .isInstanceOf(InvalidArtifactException.class);
    assertThatThrownBy(() -> ModelArtifact.fromBytes(new byte[] {1, 2, 3}))
        .isInstanceOf(InvalidArtifactException.class)
        .hasMessageContaining("too short");
    byte[] foreign = bytes.clone();
    foreign[0] = 'X';
    assertThatThrownBy(() -> ModelArtifact.fromBytes(foreign))
        .isInstanceOf(InvalidArtifactException.class)
        .hasMessageContaining("magic");
    byte[] future = bytes.clone();
    future[5] = 9;
    assertThatThrownBy(() -> ModelArtifact.fromBytes(future))
        .isInstanceOf(InvalidArtifactException.class)
        .hasMessageContaining("format version 9");
  }

  @Test
  void aPolicyRefusesAnArtifactForOtherInputs() {
    ModelArtifact other =
        new ModelArtifact("codec", "v1", "fleetloop.codec/v1", Map.of(), Mlp.create(1, 26, 8, 5));
    ModelArtifact back = ModelArtifact.fromBytes(other.toBytes());
    assertThat(back.inputSchema()).isEqualTo("fleetloop.codec/v1");
    assertThatThrownBy(() -> PolicyModel.fromArtifact(back))
        .isInstanceOf(InvalidArtifactException.class)
        .hasMessageContaining("fleetloop.codec/v1");
  }
}
