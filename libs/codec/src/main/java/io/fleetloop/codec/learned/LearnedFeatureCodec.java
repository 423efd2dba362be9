package io.fleetloop.codec.learned;

import io.fleetloop.codec.ClipFormatException;
import io.fleetloop.codec.FeatureCodec;
import io.fleetloop.world.Conditions;
import io.fleetloop.world.PolicyFeatures;
import io.fleetloop.world.model.InvalidArtifactException;
import io.fleetloop.world.model.ModelArtifact;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The learned feature codec ({@code lincodec}): keeps what the policy needs from the {@value
 * PolicyFeatures#COUNT} {@link PolicyFeatures} of each frame in a few bits.
 *
 * <ul>
 *   <li>The four one-hot condition groups become the condition index, run-length coded over the
 *       clip (lossless: a clip rarely changes condition).
 *   <li>The {@value PolicyLayout#CONTINUOUS} continuous features are centred and projected onto
 *       {@link #latents()} learned directions ({@code z = E (x − μ)}): the principal axes of the
 *       features scaled by how much the policy's outputs move with each feature, so directions the
 *       policy is sensitive to are kept precise and the rest are coarse or dropped.
 *   <li>Each latent is quantized with its learned step to an integer code; the codes of consecutive
 *       frames are delta coded (exact on the integers, so no drift) and Rice coded with a parameter
 *       chosen per chunk of {@link #chunkFrames()} frames.
 * </ul>
 *
 * Decoding is {@code x̂ = μ + G (code ⊙ step)} plus the one-hot groups of the condition. The
 * parameters come from {@link CodecTrainer}; the codec is immutable, thread-safe and identified by
 * a {@link #version()} that embeds the SHA-256 of its {@linkplain #toBytes() artifact}, so a device
 * and the platform decode a clip with exactly the same parameters. The block format and the
 * artifact format are documented in {@code docs/codec.md}.
 */
public final class LearnedFeatureCodec implements FeatureCodec {
  /** The version-string prefix of this family. */
  public static final String FAMILY = "lincodec";

  /**
   * The file name of the codec artifact next to the model artifact it ships with: a release
   * publishes {@code .../<model>/<version>/model.flma} and {@code .../<model>/<version>/codec.flc}
   * (see {@code docs/codec.md}).
   */
  public static final String ARTIFACT_FILE = "codec.flc";

  /** Version of the encoded feature block (its first byte). */
  static final int BLOCK_FORMAT = 1;

  /** Largest magnitude of a latent code; larger values saturate. */
  static final int MAX_CODE = 1 << 22;

  private final String policyName;
  private final String policyVersion;
  private final String policySha256;
  private final SortedMap<String, String> metadata;
  private final int latents;
  private final int chunkFrames;
  private final float[] mean;
  private final float[] encoder;
  private final float[] decoder;
  private final float[] step;
  private final byte[] artifact;
  private final String sha256;
  private final String version;

  /**
   * A codec from its parameters (arrays are copied).
   *
   * @param policyName the policy this codec was trained for
   * @param policyVersion its version
   * @param policySha256 its {@link ModelArtifact#sha256()}
   * @param metadata free-form training facts (samples, measured agreement, seed, ...)
   * @param mean the mean of each continuous feature, {@value PolicyLayout#CONTINUOUS} values
   * @param encoder {@code latents × continuous}, row-major
   * @param decoder {@code continuous × latents}, row-major
   * @param step the quantization step of each latent, positive
   * @param chunkFrames frames per Rice-parameter chunk
   * @throws IllegalArgumentException when shapes disagree or a parameter is not finite
   */
  public LearnedFeatureCodec(
      String policyName,
      String policyVersion,
      String policySha256,
      Map<String, String> metadata,
      float[] mean,
      float[] encoder,
      float[] decoder,
      float[] step,
      int chunkFrames) {
    this.policyName = Objects.requireNonNull(policyName, "policyName");
    this.policyVersion = Objects.requireNonNull(policyVersion, "policyVersion");
    this.policySha256 = Objects.requireNonNull(policySha256, "policySha256");
    this.metadata = Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
    int c = PolicyLayout.CONTINUOUS;
    if (mean.length != c) {
      throw new IllegalArgumentException("mean has " + mean.length + " values, expected " + c);
    }
    this.latents = step.length;
    if (latents < 1 || latents > c) {
      throw new IllegalArgumentException("a codec has 1.." + c + " latents, not " + latents);
    }
    if (encoder.length != latents * c || decoder.length != latents * c) {
      throw new IllegalArgumentException(
          "encoder and decoder must hold " + latents + " × " + c + " weights");
    }
    if (chunkFrames < 1 || chunkFrames > 4096) {
      throw new IllegalArgumentException("chunkFrames must be in 1..4096, not " + chunkFrames);
    }
    for (float s : step) {
      if (!(s > 0f) || !Float.isFinite(s)) {
        throw new IllegalArgumentException("quantization steps must be positive and finite");
      }
    }
    requireFinite(mean, "mean");
    requireFinite(encoder, "encoder");
    requireFinite(decoder, "decoder");
    this.chunkFrames = chunkFrames;
    this.mean = mean.clone();
    this.encoder = encoder.clone();
    this.decoder = decoder.clone();
    this.step = step.clone();
    this.artifact = CodecArtifact.write(this);
    this.sha256 = CodecArtifact.digestHex(artifact);
    this.version = FAMILY + "-k" + latents + "/sha256:" + sha256.substring(0, 16);
  }

  /**
   * Reads and verifies a codec artifact.
   *
   * @throws InvalidArtifactException when the bytes are corrupted, truncated or not a codec
   */
  public static LearnedFeatureCodec fromBytes(byte[] bytes) {
    return CodecArtifact.read(bytes);
  }

  /** The artifact: deterministic bytes ending in their SHA-256 (see {@code docs/codec.md}). */
  public byte[] toBytes() {
    return artifact.clone();
  }

  /** The SHA-256 of the artifact content, lower-case hex: the codec's content id. */
  public String sha256() {
    return sha256;
  }

  /** {@code lincodec-k<latents>/sha256:<first 16 hex digits of sha256()>}. */
  @Override
  public String version() {
    return version;
  }

  /** Name of the policy this codec was trained for. */
  public String policyName() {
    return policyName;
  }

  /** Version of the policy this codec was trained for. */
  public String policyVersion() {
    return policyVersion;
  }

  /** The {@link ModelArtifact#sha256()} of the policy this codec was trained for. */
  public String policySha256() {
    return policySha256;
  }

  /** Training facts recorded with the codec. */
  public SortedMap<String, String> metadata() {
    return metadata;
  }

  /** Number of latent dimensions the continuous features are projected onto. */
  public int latents() {
    return latents;
  }

  /** Frames per Rice-parameter chunk. */
  public int chunkFrames() {
    return chunkFrames;
  }

  /**
   * Checks that this codec ships with {@code model}.
   *
   * @throws IllegalStateException when the codec was trained for another model
   */
  public void requireServes(ModelArtifact model) {
    String digest = model.sha256();
    if (!policySha256.equals(digest)) {
      throw new IllegalStateException(
          "codec "
              + version
              + " was trained for "
              + policyName
              + "@"
              + policyVersion
              + " (sha256 "
              + policySha256
              + "), not for "
              + model.name()
              + "@"
              + model.version()
              + " (sha256 "
              + digest
              + ")");
    }
  }

  @Override
  public byte[] encode(float[] features, int frames, int featureCount) {
    if (featureCount != PolicyFeatures.COUNT) {
      throw new IllegalArgumentException(
          version + " encodes " + PolicyFeatures.COUNT + " policy features, not " + featureCount);
    }
    if (frames < 1 || (long) frames * featureCount != features.length) {
      throw new IllegalArgumentException(
          "features has " + features.length + " values, expected " + frames + " × " + featureCount);
    }
    int[][] codes = new int[latents][frames];
    int[] conditions = new int[frames];
    int[] frameCodes = new int[latents];
    for (int f = 0; f < frames; f++) {
      int off = f * featureCount;
      quantize(features, off, frameCodes);
      for (int j = 0; j < latents; j++) {
        codes[j][f] = frameCodes[j];
      }
      conditions[f] = PolicyLayout.conditionOf(features, off);
    }
    BitWriter out = new BitWriter(8 + frames * latents / 2);
    out.writeByte(BLOCK_FORMAT);
    writeConditions(out, conditions);
    for (int j = 0; j < latents; j++) {
      out.writeVarint(RiceCode.zigzag(codes[j][0]));
    }
    int[][] deltas = new int[latents][frames];
    for (int j = 0; j < latents; j++) {
      for (int f = 1; f < frames; f++) {
        deltas[j][f] = RiceCode.zigzag(codes[j][f] - codes[j][f - 1]);
      }
    }
    for (int start = 1; start < frames; start += chunkFrames) {
      int end = Math.min(frames, start + chunkFrames);
      for (int j = 0; j < latents; j++) {
        int p = RiceCode.bestParam(deltas[j], start, end);
        out.writeBits(p, RiceCode.PARAM_BITS);
        if (p != RiceCode.ALL_ZERO) {
          for (int f = start; f < end; f++) {
            RiceCode.write(out, deltas[j][f], p);
          }
        }
      }
    }
    return out.toByteArray();
  }

  @Override
  public float[] decode(byte[] blob, int frames, int featureCount) {
    if (featureCount != PolicyFeatures.COUNT) {
      throw new ClipFormatException(
          "clip declares "
              + featureCount
              + " features per frame; codec "
              + version
              + " decodes "
              + PolicyFeatures.COUNT);
    }
    if (frames < 1) {
      throw new ClipFormatException("clip declares " + frames + " frames");
    }
    BitReader in = new BitReader(blob);
    int format = in.readByte();
    if (format != BLOCK_FORMAT) {
      throw new ClipFormatException(
          "learned feature block format " + format + " is not supported (expected 1)");
    }
    int[] conditions = readConditions(in, frames);
    int[] code = new int[latents];
    for (int j = 0; j < latents; j++) {
      code[j] = checkedCode(RiceCode.unzigzag(in.readVarint()));
    }
    float[] out = new float[frames * featureCount];
    reconstruct(code, conditions[0], out, 0);
    int[][] deltas = new int[latents][chunkFrames];
    for (int start = 1; start < frames; start += chunkFrames) {
      int end = Math.min(frames, start + chunkFrames);
      for (int j = 0; j < latents; j++) {
        int p = in.readBits(RiceCode.PARAM_BITS);
        for (int f = start; f < end; f++) {
          deltas[j][f - start] = p == RiceCode.ALL_ZERO ? 0 : RiceCode.read(in, p);
        }
      }
      for (int f = start; f < end; f++) {
        for (int j = 0; j < latents; j++) {
          code[j] = checkedCode(code[j] + RiceCode.unzigzag(deltas[j][f - start]));
        }
        reconstruct(code, conditions[f], out, f * featureCount);
      }
    }
    in.align();
    if (in.remaining() != 0) {
      throw new ClipFormatException(
          in.remaining() + " unexpected bytes after the learned feature block");
    }
    return out;
  }

  /** The latent codes of the frame at {@code x[off ..]}. */
  void quantize(float[] x, int off, int[] codes) {
    int c = PolicyLayout.CONTINUOUS;
    for (int j = 0; j < latents; j++) {
      int row = j * c;
      float z = 0f;
      for (int i = 0; i < c; i++) {
        float v = x[off + i];
        if (!Float.isFinite(v)) {
          throw new IllegalArgumentException(
              "feature " + PolicyFeatures.NAMES.get(i) + " is not finite: " + v);
        }
        z += encoder[row + i] * (v - mean[i]);
      }
      long q = Math.round(z / step[j]);
      codes[j] = (int) Math.max(-MAX_CODE, Math.min(MAX_CODE, q));
    }
  }

  /** Writes the decoded features of {@code codes} and {@code condition} to {@code out[off ..]}. */
  void reconstruct(int[] codes, int condition, float[] out, int off) {
    int c = PolicyLayout.CONTINUOUS;
    for (int i = 0; i < c; i++) {
      int row = i * latents;
      float v = mean[i];
      for (int j = 0; j < latents; j++) {
        v += decoder[row + j] * (codes[j] * step[j]);
      }
      out[off + i] = v;
    }
    PolicyLayout.writeCondition(condition, out, off);
  }

  float[] mean() {
    return mean;
  }

  float[] encoder() {
    return encoder;
  }

  float[] decoder() {
    return decoder;
  }

  float[] step() {
    return step;
  }

  private static void writeConditions(BitWriter out, int[] conditions) {
    int runs = 1;
    for (int f = 1; f < conditions.length; f++) {
      if (conditions[f] != conditions[f - 1]) {
        runs++;
      }
    }
    out.writeVarint(runs);
    int start = 0;
    for (int f = 1; f <= conditions.length; f++) {
      if (f == conditions.length || conditions[f] != conditions[start]) {
        out.writeVarint(f - start);
        out.writeByte(conditions[start]);
        start = f;
      }
    }
  }

  private static int[] readConditions(BitReader in, int frames) {
    int runs = in.readVarint();
    if (runs < 1 || runs > frames) {
      throw new ClipFormatException(
          "learned feature block declares " + runs + " condition runs for " + frames + " frames");
    }
    int[] conditions = new int[frames];
    int f = 0;
    for (int r = 0; r < runs; r++) {
      int length = in.readVarint();
      int condition = in.readByte();
      if (length < 1 || length > frames - f) {
        throw new ClipFormatException(
            "learned feature block: condition run of " + length + " frames overruns the clip");
      }
      if (condition >= Conditions.COUNT) {
        throw new ClipFormatException(
            "learned feature block names condition " + condition + " of " + Conditions.COUNT);
      }
      java.util.Arrays.fill(conditions, f, f + length, condition);
      f += length;
    }
    if (f != frames) {
      throw new ClipFormatException(
          "learned feature block: condition runs cover " + f + " of " + frames + " frames");
    }
    return conditions;
  }

  private static int checkedCode(int code) {
    if (code > MAX_CODE || code < -MAX_CODE) {
      throw new ClipFormatException("learned feature block holds an out-of-range latent code");
    }
    return code;
  }

  private static void requireFinite(float[] values, String what) {
    for (float v : values) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException(what + " holds a non-finite value");
      }
    }
  }

  @Override
  public String toString() {
    return version + " for " + policyName + "@" + policyVersion;
  }
}
