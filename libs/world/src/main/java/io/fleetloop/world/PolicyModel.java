package io.fleetloop.world;

import io.fleetloop.world.model.Activation;
import io.fleetloop.world.model.InvalidArtifactException;
import io.fleetloop.world.model.Mlp;
import io.fleetloop.world.model.ModelArtifact;
import java.util.Map;
import java.util.Objects;

/**
 * The reference driving policy: an {@link Mlp} from the {@value PolicyFeatures#COUNT} {@link
 * PolicyFeatures} to {@value #OUTPUTS} outputs (four {@link Longitudinal} logits, then the steering
 * command), with a name, a version and metadata.
 *
 * <p>The action is {@code argmax} of the logits (the lowest ordinal on a tie) and the steering
 * output clamped to {@code [-1, 1]}. The reference shape is {@code 26 → 32 → 32 → 5} (ReLU hidden
 * layers, 2,016 multiply-accumulates): small enough for the int8 edge chip.
 */
public final class PolicyModel {
  /** Output width: four logits and the steering command. */
  public static final int OUTPUTS = 5;

  /** Hidden widths of the reference policy. */
  public static final int HIDDEN = 32;

  private final String name;
  private final String version;
  private final Mlp mlp;
  private final Map<String, String> metadata;

  /**
   * A policy around {@code mlp} (not copied: training {@link #mlp()} trains this policy).
   *
   * @throws IllegalArgumentException when the network does not map the policy features to {@value
   *     #OUTPUTS} outputs with a linear output layer
   */
  public PolicyModel(String name, String version, Mlp mlp, Map<String, String> metadata) {
    this.name = Objects.requireNonNull(name, "name");
    this.version = Objects.requireNonNull(version, "version");
    this.mlp = Objects.requireNonNull(mlp, "mlp");
    this.metadata = Map.copyOf(metadata);
    if (mlp.inputs() != PolicyFeatures.COUNT || mlp.outputs() != OUTPUTS) {
      throw new IllegalArgumentException(
          "a policy maps "
              + PolicyFeatures.COUNT
              + " features to "
              + OUTPUTS
              + " outputs, this network "
              + mlp.inputs()
              + " to "
              + mlp.outputs());
    }
    if (mlp.layer(mlp.layerCount() - 1).activation() != Activation.LINEAR) {
      throw new IllegalArgumentException("a policy's output layer must be linear");
    }
  }

  /**
   * An untrained reference-shaped policy ({@code 26 → 32 → 32 → 5}) initialised from {@code seed}.
   */
  public static PolicyModel untrained(String name, String version, long seed) {
    return new PolicyModel(
        name, version, Mlp.create(seed, PolicyFeatures.COUNT, HIDDEN, HIDDEN, OUTPUTS), Map.of());
  }

  /**
   * The policy stored in {@code artifact}.
   *
   * @throws InvalidArtifactException when its input schema is not {@link PolicyFeatures#SCHEMA} or
   *     its shape is not a policy's
   */
  public static PolicyModel fromArtifact(ModelArtifact artifact) {
    if (!PolicyFeatures.SCHEMA.equals(artifact.inputSchema())) {
      throw new InvalidArtifactException(
          "artifact expects inputs '"
              + artifact.inputSchema()
              + "', this policy provides '"
              + PolicyFeatures.SCHEMA
              + "'");
    }
    try {
      return new PolicyModel(
          artifact.name(), artifact.version(), artifact.mlp(), artifact.metadata());
    } catch (IllegalArgumentException e) {
      throw new InvalidArtifactException("artifact is not a policy: " + e.getMessage(), e);
    }
  }

  /** The policy as an artifact (a snapshot of the current weights). */
  public ModelArtifact toArtifact() {
    return new ModelArtifact(name, version, PolicyFeatures.SCHEMA, metadata, mlp);
  }

  public String name() {
    return name;
  }

  public String version() {
    return version;
  }

  public Map<String, String> metadata() {
    return metadata;
  }

  /** The network itself (live: training it changes this policy). */
  public Mlp mlp() {
    return mlp;
  }

  /** A deep copy under another version and metadata (e.g. the start of the next generation). */
  public PolicyModel derive(String newVersion, Map<String, String> newMetadata) {
    return new PolicyModel(name, newVersion, mlp.copy(), newMetadata);
  }

  /** The {@link Longitudinal} ordinal chosen from an output vector (argmax of the logits). */
  public static int category(float[] out) {
    int best = 0;
    float bv = out[0];
    for (int i = 1; i < 4; i++) {
      if (out[i] > bv) {
        bv = out[i];
        best = i;
      }
    }
    return best;
  }

  /** The steering command of an output vector, clamped to {@code [-1, 1]}. */
  public static double steering(float[] out) {
    return clampSteering(out[4]);
  }

  /** {@link #category(float[])} of sample {@code j} of a feature-major batch output. */
  static int category(float[][] out, int j) {
    int best = 0;
    float bv = out[0][j];
    for (int i = 1; i < 4; i++) {
      float v = out[i][j];
      if (v > bv) {
        bv = v;
        best = i;
      }
    }
    return best;
  }

  /** {@link #steering(float[])} of sample {@code j} of a feature-major batch output. */
  static double steering(float[][] out, int j) {
    return clampSteering(out[4][j]);
  }

  private static double clampSteering(float s) {
    return s > 1f ? 1.0 : (s < -1f ? -1.0 : (s == s ? (double) s : 0.0));
  }

  @Override
  public String toString() {
    return name + "@" + version;
  }
}
