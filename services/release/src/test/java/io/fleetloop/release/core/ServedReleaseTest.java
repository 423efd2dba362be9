package io.fleetloop.release.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.FleetReleaseRollout;
import io.fleetloop.api.v1alpha1.ReleaseModel;
import io.fleetloop.release.grpc.Artifact;
import org.junit.jupiter.api.Test;

/**
 * What the channel serves for each rollout phase the operator writes ({@code status.rollout.phase}
 * with {@code currentStage}, docs/rollout.md): only a running (Shadow, Canary) or Frozen candidate
 * reaches devices; the stable artifact is the one the rollout recorded.
 */
class ServedReleaseTest {

  private static final String STABLE = "policy-g3";
  private static final String CANDIDATE = "policy-g4";

  @Test
  void aCanaryStageServesTheCandidateToItsShareOfTheFleet() {
    ServedRelease served = ServedRelease.of(phase(FleetReleaseRollout.CANARY, 1)).orElseThrow();

    assertThat(served.candidate()).map(Artifact::getVersion).contains(CANDIDATE);
    assertThat(served.candidatePercent()).isEqualTo(10.0);
    assertThat(served.shadowPhase()).isFalse();
    assertThat(served.stable().getVersion()).isEqualTo(STABLE);
  }

  @Test
  void theShadowPhaseServesTheCandidateAsShadowToNobodyAsDriver() {
    ServedRelease served = ServedRelease.of(phase(FleetReleaseRollout.SHADOW, -1)).orElseThrow();

    assertThat(served.candidate()).map(Artifact::getVersion).contains(CANDIDATE);
    assertThat(served.shadowPhase()).isTrue();
    assertThat(served.candidatePercent()).isZero();
  }

  @Test
  void aFrozenCandidateKeepsItsSlice() {
    ServedRelease served = ServedRelease.of(phase(FleetReleaseRollout.FROZEN, 2)).orElseThrow();

    assertThat(served.candidate()).isPresent();
    assertThat(served.candidatePercent()).isEqualTo(50.0);
  }

  @Test
  void aRolledBackCandidateIsNeverServedEvenWhileTheStatusStillNamesIt() {
    FleetRelease r = phase(FleetReleaseRollout.ROLLED_BACK, 0);

    ServedRelease served = ServedRelease.of(r).orElseThrow();
    assertThat(served.candidate()).isEmpty();
    assertThat(served.candidatePercent()).isZero();
    assertThat(served.shadowPhase()).isFalse();
    assertThat(served.stable().getVersion()).isEqualTo(STABLE);
  }

  @Test
  void aPhaseForAnotherVersionDoesNotServeTheNewSpecModel() {
    // the operator has not looked at the new spec.model yet: its rollout is about an older one
    FleetRelease r = phase(FleetReleaseRollout.CANARY, 1);
    r.getStatus().getRollout().setVersion("policy-g2");

    assertThat(ServedRelease.of(r).orElseThrow().candidate()).isEmpty();
  }

  @Test
  void theStableArtifactIsTheOneTheRolloutRecorded() {
    FleetRelease r = phase(FleetReleaseRollout.CANARY, 0);
    r.getStatus()
        .getRollout()
        .setStable(
            new ReleaseModel()
                .withVersion(STABLE)
                .withArtifact("s3://models/" + STABLE + "-recorded")
                .withDigest("sha256:" + "ab".repeat(32)));

    Artifact stable = ServedRelease.of(r).orElseThrow().stable();
    assertThat(stable.getArtifactUri()).isEqualTo("s3://models/" + STABLE + "-recorded");
    assertThat(stable.getDigest()).isEqualTo("sha256:" + "ab".repeat(32));
  }

  @Test
  void afterPromotionOnlyTheNewStableIsServed() {
    FleetRelease r = Resources.release("r", "model-y-na", CANDIDATE);
    Resources.rollingOut(r, CANDIDATE, null);
    r.getStatus().setCandidateVersion(null);
    r.getStatus()
        .setRollout(
            new FleetReleaseRollout()
                .withPhase(FleetReleaseRollout.STABLE)
                .withVersion(CANDIDATE)
                .withStable(r.getSpec().getModel()));

    ServedRelease served = ServedRelease.of(r).orElseThrow();
    assertThat(served.candidate()).isEmpty();
    assertThat(served.stable().getVersion()).isEqualTo(CANDIDATE);
    assertThat(served.stable().getArtifactUri()).isEqualTo("s3://models/" + CANDIDATE);
  }

  /** spec.model = CANDIDATE over STABLE, with the given rollout phase at {@code stage}. */
  private static FleetRelease phase(String phase, int stage) {
    FleetRelease r = Resources.release("r", "model-y-na", CANDIDATE);
    Resources.rollingOut(r, STABLE, stage);
    r.getStatus().setRollout(new FleetReleaseRollout().withPhase(phase).withVersion(CANDIDATE));
    return r;
  }
}
