package io.fleetloop.release.core;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetloop.api.common.Condition;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.DataTriggerRollout;
import io.fleetloop.api.v1alpha1.DataTriggerRolloutStatus;
import io.fleetloop.api.v1alpha1.DataTriggerSpec;
import io.fleetloop.api.v1alpha1.DataTriggerStatus;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.FleetReleaseSpec;
import io.fleetloop.api.v1alpha1.FleetReleaseStatus;
import io.fleetloop.api.v1alpha1.ReleaseModel;
import io.fleetloop.api.v1alpha1.RolloutStage;
import java.util.List;
import java.util.Map;

/** Test fixtures: DataTriggers and FleetReleases in the states the channel reads. */
public final class Resources {

  public static final String DIGEST =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  private Resources() {}

  /** A trigger for {@code fleet=<fleet>} at generation 1, canary {@code canaryPercent}. */
  public static DataTrigger trigger(String name, String fleet, int canaryPercent) {
    DataTrigger t = new DataTrigger();
    t.setMetadata(
        new ObjectMetaBuilder().withNamespace("ns").withName(name).withGeneration(1L).build());
    t.setSpec(
        new DataTriggerSpec()
            .withFleetSelector(
                new LabelSelectorBuilder().withMatchLabels(Map.of("fleet", fleet)).build())
            .withCondition("frame.takeover")
            .withRollout(new DataTriggerRollout().withCanaryPercent(canaryPercent)));
    return t;
  }

  /** Marks {@code t}'s Compiled condition {@code status} for generation {@code generation}. */
  public static DataTrigger compiled(DataTrigger t, String status, long generation) {
    Condition c = new Condition();
    c.setType(DataTriggerStatus.COMPILED);
    c.setStatus(status);
    c.setReason("Compiled");
    c.setObservedGeneration(generation);
    DataTriggerStatus s = t.getStatus() == null ? new DataTriggerStatus() : t.getStatus();
    s.setConditions(List.of(c));
    t.setStatus(s);
    return t;
  }

  /** Marks {@code t}'s rollout Complete for {@code generation}. */
  public static DataTrigger promoted(DataTrigger t, long generation) {
    t.getStatus()
        .setRollout(
            new DataTriggerRolloutStatus()
                .withPhase(DataTriggerRolloutStatus.COMPLETE)
                .withGeneration(generation)
                .withPercent(100));
    return t;
  }

  /** A release of {@code version} for {@code fleet=<fleet>} with stages 1/10/50/100. */
  public static FleetRelease release(String name, String fleet, String version) {
    FleetRelease r = new FleetRelease();
    r.setMetadata(
        new ObjectMetaBuilder().withNamespace("ns").withName(name).withGeneration(1L).build());
    r.setSpec(
        new FleetReleaseSpec()
            .withFleetSelector(
                new LabelSelectorBuilder().withMatchLabels(Map.of("fleet", fleet)).build())
            .withModel(
                new ReleaseModel()
                    .withVersion(version)
                    .withArtifact("s3://models/" + version)
                    .withDigest(DIGEST))
            .withStages(
                List.of(
                    new RolloutStage().withPercent(1),
                    new RolloutStage().withPercent(10),
                    new RolloutStage().withPercent(50),
                    new RolloutStage().withPercent(100))));
    return r;
  }

  /** {@code r} rolling its spec.model out over {@code stable}, at stage {@code stage}. */
  public static FleetRelease rollingOut(FleetRelease r, String stable, Integer stage) {
    FleetReleaseStatus s = new FleetReleaseStatus();
    s.setStableVersion(stable);
    s.setCandidateVersion(r.getSpec().getModel().getVersion());
    s.setCurrentStage(stage);
    r.setStatus(s);
    return r;
  }
}
