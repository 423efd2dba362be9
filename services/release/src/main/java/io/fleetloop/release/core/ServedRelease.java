package io.fleetloop.release.core;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.FleetReleaseRollout;
import io.fleetloop.api.v1alpha1.FleetReleaseSpec;
import io.fleetloop.api.v1alpha1.FleetReleaseStatus;
import io.fleetloop.api.v1alpha1.ReleaseModel;
import io.fleetloop.api.v1alpha1.RolloutStage;
import io.fleetloop.codec.RawFeatureCodec;
import io.fleetloop.release.grpc.Artifact;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One FleetRelease as the release channel reads it (docs/release-channel.md, "Models";
 * docs/rollout.md for the state machine that writes the status):
 *
 * <ul>
 *   <li><b>stable</b>: {@code status.stableVersion}, else {@code spec.model.version}. Its artifact
 *       is {@code status.rollout.stable} when the rollout controller recorded it, else {@code
 *       spec.model}'s when the versions agree; otherwise the annotations {@value #STABLE_ARTIFACT}
 *       and {@value #STABLE_DIGEST} name it (empty when absent).
 *   <li><b>candidate</b>: {@code spec.model} when {@code status.candidateVersion} equals it and
 *       differs from the stable version, and — when {@code status.rollout.phase} is set — the phase
 *       is Shadow, Canary or Frozen for that version (a RolledBack candidate is never served).
 *       During the shadow phase ({@code status.currentStage} -1 or unset) every matched device gets
 *       it as <em>shadow</em>; at stage {@code k} the devices whose cohort is in the first {@code
 *       spec.stages[k].percent} drive it.
 *   <li><b>codec</b> of a model version {@code v}: the annotation {@code codec.fleetloop.io/v} with
 *       value {@code <codec version> <s3 uri> <sha256:digest>}; without it, the raw codec ({@value
 *       RawFeatureCodec#VERSION}, nothing to download).
 * </ul>
 *
 * @param id {@code fleetrelease/<namespace>/<name>}
 * @param selector {@code spec.fleetSelector}
 * @param stable the model devices fall back to
 * @param candidate the model being rolled out, if any
 * @param candidatePercent share of devices that drive the candidate (0 during the shadow phase)
 * @param shadowPhase true when the candidate only rides along
 * @param codecs the codec of each model version the release names
 */
public record ServedRelease(
    String id,
    LabelSelector selector,
    Artifact stable,
    Optional<Artifact> candidate,
    double candidatePercent,
    boolean shadowPhase,
    Map<String, Artifact> codecs) {

  /** Annotation naming the stable version's artifact when it is not {@code spec.model}. */
  public static final String STABLE_ARTIFACT = "fleetloop.io/stable-artifact";

  /** Annotation naming the stable version's digest when it is not {@code spec.model}. */
  public static final String STABLE_DIGEST = "fleetloop.io/stable-digest";

  /** Prefix of the annotation naming a model version's codec. */
  public static final String CODEC_ANNOTATION_PREFIX = "codec.fleetloop.io/";

  /** The codec of a model without a codec annotation: raw features. */
  public static final Artifact RAW_CODEC =
      Artifact.newBuilder().setVersion(RawFeatureCodec.VERSION).build();

  /** The release as served, or empty when it names no model or is being deleted. */
  public static Optional<ServedRelease> of(FleetRelease release) {
    FleetReleaseSpec spec = release.getSpec();
    if (release.getMetadata().getDeletionTimestamp() != null
        || spec == null
        || spec.getModel() == null
        || spec.getModel().getVersion() == null) {
      return Optional.empty();
    }
    Map<String, String> annotations =
        Objects.requireNonNullElse(release.getMetadata().getAnnotations(), Map.of());
    FleetReleaseStatus status = release.getStatus();
    ReleaseModel model = spec.getModel();
    String stableVersion =
        Optional.ofNullable(status)
            .map(FleetReleaseStatus::getStableVersion)
            .orElse(model.getVersion());
    FleetReleaseRollout rollout =
        Optional.ofNullable(status).map(FleetReleaseStatus::getRollout).orElse(null);
    ReleaseModel recordedStable =
        rollout != null
                && rollout.getStable() != null
                && stableVersion.equals(rollout.getStable().getVersion())
            ? rollout.getStable()
            : null;
    Artifact stable =
        recordedStable != null
            ? artifact(recordedStable)
            : stableVersion.equals(model.getVersion())
                ? artifact(model)
                : Artifact.newBuilder()
                    .setVersion(stableVersion)
                    .setArtifactUri(annotations.getOrDefault(STABLE_ARTIFACT, ""))
                    .setDigest(annotations.getOrDefault(STABLE_DIGEST, ""))
                    .build();
    String candidateVersion =
        Optional.ofNullable(status).map(FleetReleaseStatus::getCandidateVersion).orElse(null);
    Optional<Artifact> candidate =
        model.getVersion().equals(candidateVersion)
                && !candidateVersion.equals(stableVersion)
                && servesCandidate(rollout, candidateVersion)
            ? Optional.of(artifact(model))
            : Optional.empty();
    Integer stage =
        Optional.ofNullable(status).map(FleetReleaseStatus::getCurrentStage).orElse(null);
    List<RolloutStage> stages = Objects.requireNonNullElse(spec.getStages(), List.of());
    boolean shadowPhase = candidate.isPresent() && (stage == null || stage < 0);
    double percent = 0;
    if (candidate.isPresent() && stage != null && stage >= 0 && stage < stages.size()) {
      percent = Objects.requireNonNullElse(stages.get(stage).getPercent(), 0);
    }
    return Optional.of(
        new ServedRelease(
            "fleetrelease/"
                + release.getMetadata().getNamespace()
                + "/"
                + release.getMetadata().getName(),
            spec.getFleetSelector(),
            stable,
            candidate,
            percent,
            shadowPhase,
            codecs(annotations)));
  }

  /** Without a rollout phase (older status) the candidate is served; else only while it runs. */
  private static boolean servesCandidate(FleetReleaseRollout rollout, String candidateVersion) {
    if (rollout == null || rollout.getPhase() == null) {
      return true;
    }
    return candidateVersion.equals(rollout.getVersion())
        && List.of(
                FleetReleaseRollout.SHADOW, FleetReleaseRollout.CANARY, FleetReleaseRollout.FROZEN)
            .contains(rollout.getPhase());
  }

  /** The codec of model {@code version}: its annotation, or the raw codec. */
  public Artifact codecFor(String version) {
    return codecs.getOrDefault(version, RAW_CODEC);
  }

  private static Artifact artifact(ReleaseModel model) {
    return Artifact.newBuilder()
        .setVersion(model.getVersion())
        .setArtifactUri(Objects.requireNonNullElse(model.getArtifact(), ""))
        .setDigest(Objects.requireNonNullElse(model.getDigest(), ""))
        .build();
  }

  private static Map<String, Artifact> codecs(Map<String, String> annotations) {
    Map<String, Artifact> codecs = new java.util.HashMap<>();
    annotations.forEach(
        (key, value) -> {
          if (key.startsWith(CODEC_ANNOTATION_PREFIX)) {
            String[] parts = value.trim().split("\\s+");
            if (parts.length == 3) {
              codecs.put(
                  key.substring(CODEC_ANNOTATION_PREFIX.length()),
                  Artifact.newBuilder()
                      .setVersion(parts[0])
                      .setArtifactUri(parts[1])
                      .setDigest(parts[2])
                      .build());
            }
          }
        });
    return Map.copyOf(codecs);
  }
}
