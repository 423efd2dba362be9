package io.fleetloop.release.core;

import static io.fleetloop.release.core.Resources.compiled;
import static io.fleetloop.release.core.Resources.promoted;
import static io.fleetloop.release.core.Resources.release;
import static io.fleetloop.release.core.Resources.rollingOut;
import static io.fleetloop.release.core.Resources.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.release.api.Cohorts;
import io.fleetloop.release.grpc.Assignment;
import io.fleetloop.release.grpc.TriggerAssignment;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AssignmentPolicyTest {

  private static final Map<String, String> NA = Map.of("fleet", "model-y-na", "region", "us");

  private final AssignmentPolicy policy = new AssignmentPolicy(30);

  /** A device id whose cohort is below {@code below} (or at least {@code below} when false). */
  private static String device(boolean inside, int below) {
    return IntStream.range(0, 100_000)
        .mapToObj(i -> "car-" + i)
        .filter(id -> (Cohorts.of(id) < below) == inside)
        .findFirst()
        .orElseThrow();
  }

  private static ServedTrigger served(String name, int canary, boolean promoted) {
    var t = compiled(trigger(name, "model-y-na", canary), "True", 1);
    return ServedTrigger.of(promoted ? promoted(t, 1) : t).orElseThrow();
  }

  @Test
  void aTriggerReachesOnlyDevicesItsSelectorMatches() {
    ServedTrigger fog = served("fog", 100, false);

    Assignment na = policy.assign("car-1", NA, List.of(fog), List.of());
    Assignment eu = policy.assign("car-1", Map.of("fleet", "model-y-eu"), List.of(fog), List.of());

    assertThat(na.getTriggersList())
        .extracting(TriggerAssignment::getId)
        .containsExactly("datatrigger/ns/fog");
    assertThat(eu.getTriggersList()).isEmpty();
    assertThat(na.getCohort()).isEqualTo(Cohorts.of("car-1"));
    assertThat(na.getPollAfterSeconds()).isEqualTo(30);
  }

  @Test
  void aTriggerThatIsNotCompiledForItsGenerationIsNeverServed() {
    assertThat(ServedTrigger.of(trigger("new", "model-y-na", 100))).isEmpty();
    assertThat(ServedTrigger.of(compiled(trigger("typo", "model-y-na", 100), "False", 1)))
        .isEmpty();
    var stale = compiled(trigger("edited", "model-y-na", 100), "True", 1);
    stale.getMetadata().setGeneration(2L);
    assertThat(ServedTrigger.of(stale)).isEmpty();
  }

  @Test
  void aTriggerInCanaryReachesOnlyTheCanaryCohorts() {
    ServedTrigger canary = served("fog", 5, false);
    String inside = device(true, 500);
    String outside = device(false, 500);

    assertThat(canary.servedPercent()).isEqualTo(5);
    assertThat(policy.assign(inside, NA, List.of(canary), List.of()).getTriggersCount()).isOne();
    assertThat(policy.assign(outside, NA, List.of(canary), List.of()).getTriggersCount()).isZero();

    ServedTrigger complete = served("fog", 5, true);
    assertThat(complete.servedPercent()).isEqualTo(100);
    assertThat(policy.assign(outside, NA, List.of(complete), List.of()).getTriggersCount()).isOne();
  }

  @Test
  void aCompleteRolloutOfAnOlderGenerationDoesNotPromoteANewOne() {
    var t = promoted(compiled(trigger("fog", "model-y-na", 5), "True", 2), 1);
    t.getMetadata().setGeneration(2L);

    assertThat(ServedTrigger.of(t).orElseThrow().servedPercent()).isEqualTo(5);
  }

  @Test
  void theTriggerCarriesItsSpecInDeviceUnits() {
    var t = compiled(trigger("fog", "model-y-na", 100), "True", 1);
    t.getSpec().setCooldown("1m30s");

    TriggerAssignment a = ServedTrigger.of(t).orElseThrow().assignment();

    assertThat(a.getGeneration()).isEqualTo(1);
    assertThat(a.getCondition()).isEqualTo("frame.takeover");
    assertThat(a.getPriority()).isEqualTo(50);
    assertThat(a.getSamplingRate()).isEqualTo(1.0);
    assertThat(a.getClipsPerDevicePerDay()).isEqualTo(20);
    assertThat(a.getBytesPerDevicePerDay()).isEqualTo(64L << 20);
    assertThat(a.getPreRollMs()).isEqualTo(5_000);
    assertThat(a.getPostRollMs()).isEqualTo(3_000);
    assertThat(a.getCooldownMs()).isEqualTo(90_000);
  }

  @Test
  void withoutACandidateEveryDeviceDrivesTheStableModelWithTheRawCodec() {
    ServedRelease r = ServedRelease.of(release("na", "model-y-na", "policy-g3")).orElseThrow();

    Assignment a = policy.assign("car-7", NA, List.of(), List.of(r));

    assertThat(a.getModel().getVersion()).isEqualTo("policy-g3");
    assertThat(a.getModel().getArtifactUri()).isEqualTo("s3://models/policy-g3");
    assertThat(a.getModel().getDigest()).isEqualTo(Resources.DIGEST);
    assertThat(a.hasShadow()).isFalse();
    assertThat(a.getCodec().getVersion()).isEqualTo(ServedRelease.RAW_CODEC.getVersion());
  }

  @Test
  void theCandidateDrivesOnlyOnTheCurrentStagesCohorts() {
    var fr = rollingOut(release("na", "model-y-na", "policy-g4"), "policy-g3", 1); // 10%
    fr.getMetadata()
        .setAnnotations(
            Map.of(
                ServedRelease.STABLE_ARTIFACT,
                "s3://models/policy-g3",
                ServedRelease.STABLE_DIGEST,
                Resources.DIGEST,
                ServedRelease.CODEC_ANNOTATION_PREFIX + "policy-g4",
                "codec-g4 s3://models/codec-g4 " + Resources.DIGEST));
    ServedRelease r = ServedRelease.of(fr).orElseThrow();

    Assignment inside = policy.assign(device(true, 1000), NA, List.of(), List.of(r));
    Assignment outside = policy.assign(device(false, 1000), NA, List.of(), List.of(r));

    assertThat(inside.getModel().getVersion()).isEqualTo("policy-g4");
    assertThat(inside.getCodec().getVersion()).isEqualTo("codec-g4");
    assertThat(inside.getCodec().getArtifactUri()).isEqualTo("s3://models/codec-g4");
    assertThat(outside.getModel().getVersion()).isEqualTo("policy-g3");
    assertThat(outside.getModel().getArtifactUri()).isEqualTo("s3://models/policy-g3");
    assertThat(outside.getCodec()).isEqualTo(ServedRelease.RAW_CODEC);
    assertThat(inside.hasShadow()).isFalse();
  }

  @Test
  void duringTheShadowPhaseTheCandidateRidesAlongOnEveryDevice() {
    ServedRelease r =
        ServedRelease.of(rollingOut(release("na", "model-y-na", "policy-g4"), "policy-g3", -1))
            .orElseThrow();

    Assignment a = policy.assign(device(true, 100), NA, List.of(), List.of(r));

    assertThat(a.getModel().getVersion()).isEqualTo("policy-g3");
    assertThat(a.getShadow().getVersion()).isEqualTo("policy-g4");
  }

  @Test
  void aDeviceNoReleaseMatchesGetsNoModelButTheRawCodec() {
    ServedRelease r = ServedRelease.of(release("eu", "model-y-eu", "policy-g3")).orElseThrow();

    Assignment a = policy.assign("car-7", NA, List.of(), List.of(r));

    assertThat(a.hasModel()).isFalse();
    assertThat(a.getCodec()).isEqualTo(ServedRelease.RAW_CODEC);
  }
}
