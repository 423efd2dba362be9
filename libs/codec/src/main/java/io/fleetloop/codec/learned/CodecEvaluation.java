package io.fleetloop.codec.learned;

import io.fleetloop.codec.ClipFormat;
import io.fleetloop.codec.ClipFrames;
import io.fleetloop.codec.CodecResolver;
import io.fleetloop.codec.FeatureCodec;
import io.fleetloop.codec.RawFeatureCodec;
import io.fleetloop.world.Conditions;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.model.Mlp;
import java.util.List;
import java.util.Locale;

/**
 * What a codec costs the policy, measured on labelled clips: compression of the feature block
 * against {@link RawFeatureCodec} and of whole clips against the raw baseline (clip format 1 with
 * {@link RawFeatureCodec}: labels uncompressed, features float32), the policy's accuracy (its
 * action category against the human's label) on raw and on decoded frames, and how often its
 * decisions on decoded frames agree with those on raw frames, overall and on {@link
 * Conditions#RARE} frames.
 *
 * <p>Decoded frames go through the real payload path: {@link ClipFormat#write} (format {@value
 * ClipFormat#VERSION}) with the codec, then {@link ClipFormat#read}.
 *
 * @param clips clips measured
 * @param frames frames measured
 * @param rareFrames frames in a rare condition
 * @param rawFeatureBytes feature-block bytes with the raw codec
 * @param codecFeatureBytes feature-block bytes with the codec
 * @param rawClipBytes whole-payload bytes of the raw baseline: {@link ClipFormat#writeV1} with the
 *     raw codec
 * @param codecClipBytes whole-payload bytes as devices upload them: {@link ClipFormat#write} with
 *     the codec
 * @param correctRaw frames where the policy on raw features matches the label
 * @param correctDecoded frames where the policy on decoded features matches the label
 * @param agree frames where the policy decides the same category on raw and decoded features
 * @param rareCorrectRaw {@code correctRaw} on rare frames
 * @param rareCorrectDecoded {@code correctDecoded} on rare frames
 * @param rareAgree {@code agree} on rare frames
 * @param steeringAbsErrorSum sum over frames of |steering(raw) − steering(decoded)|
 */
public record CodecEvaluation(
    int clips,
    long frames,
    long rareFrames,
    long rawFeatureBytes,
    long codecFeatureBytes,
    long rawClipBytes,
    long codecClipBytes,
    long correctRaw,
    long correctDecoded,
    long agree,
    long rareCorrectRaw,
    long rareCorrectDecoded,
    long rareAgree,
    double steeringAbsErrorSum) {

  /** Measures {@code codec} with {@code policy} on {@code clips} (labels: {@code humanAction}). */
  public static CodecEvaluation measure(
      FeatureCodec codec, PolicyModel policy, List<ClipFrames> clips) {
    CodecResolver resolver = CodecResolver.of(codec);
    Mlp.Runner runner = policy.mlp().runner();
    float[] outRaw = new float[PolicyModel.OUTPUTS];
    float[] outDec = new float[PolicyModel.OUTPUTS];
    long frames = 0;
    long rare = 0;
    long rawFeature = 0;
    long codecFeature = 0;
    long rawClip = 0;
    long codecClip = 0;
    long correctRaw = 0;
    long correctDec = 0;
    long agree = 0;
    long rareCorrectRaw = 0;
    long rareCorrectDec = 0;
    long rareAgree = 0;
    double steer = 0;
    for (ClipFrames clip : clips) {
      int n = clip.frames();
      int fc = clip.featureCount();
      rawFeature += (long) n * fc * Float.BYTES;
      codecFeature += codec.encode(clip.features(), n, fc).length;
      rawClip += ClipFormat.writeV1(clip, RawFeatureCodec.INSTANCE).length;
      byte[] payload = ClipFormat.write(clip, codec);
      codecClip += payload.length;
      float[] decoded = ClipFormat.read(payload, resolver).features();
      for (int f = 0; f < n; f++) {
        int off = f * fc;
        runner.forward(clip.features(), off, outRaw, 0);
        runner.forward(decoded, off, outDec, 0);
        int label = clip.humanAction()[f];
        int a = PolicyModel.category(outRaw);
        int b = PolicyModel.category(outDec);
        boolean isRare = !Conditions.isCommon(PolicyLayout.conditionOf(clip.features(), off));
        frames++;
        correctRaw += a == label ? 1 : 0;
        correctDec += b == label ? 1 : 0;
        agree += a == b ? 1 : 0;
        if (isRare) {
          rare++;
          rareCorrectRaw += a == label ? 1 : 0;
          rareCorrectDec += b == label ? 1 : 0;
          rareAgree += a == b ? 1 : 0;
        }
        steer += Math.abs(PolicyModel.steering(outRaw) - PolicyModel.steering(outDec));
      }
    }
    return new CodecEvaluation(
        clips.size(),
        frames,
        rare,
        rawFeature,
        codecFeature,
        rawClip,
        codecClip,
        correctRaw,
        correctDec,
        agree,
        rareCorrectRaw,
        rareCorrectDec,
        rareAgree,
        steer);
  }

  /** Raw feature-block bytes / codec feature-block bytes. */
  public double featureRatio() {
    return (double) rawFeatureBytes / codecFeatureBytes;
  }

  /**
   * Raw-baseline clip bytes (format 1, raw features) / clip bytes with the codec (format {@value
   * ClipFormat#VERSION}, labels run-length coded): what a device saves on the whole upload.
   */
  public double clipRatio() {
    return (double) rawClipBytes / codecClipBytes;
  }

  /** Feature-block bytes per frame with the codec. */
  public double codecBytesPerFrame() {
    return (double) codecFeatureBytes / frames;
  }

  /** Whole-clip bytes per frame with the codec (header, labels and feature block). */
  public double codecClipBytesPerFrame() {
    return (double) codecClipBytes / frames;
  }

  public double accuracyRaw() {
    return ratio(correctRaw, frames);
  }

  public double accuracyDecoded() {
    return ratio(correctDecoded, frames);
  }

  /** {@code accuracyRaw − accuracyDecoded}, as a fraction (0.01 = one percentage point). */
  public double accuracyLoss() {
    return accuracyRaw() - accuracyDecoded();
  }

  /** Share of frames where the decisions on raw and decoded features agree. */
  public double agreement() {
    return ratio(agree, frames);
  }

  public double rareAccuracyRaw() {
    return ratio(rareCorrectRaw, rareFrames);
  }

  public double rareAccuracyDecoded() {
    return ratio(rareCorrectDecoded, rareFrames);
  }

  /** {@link #accuracyLoss()} on rare frames. */
  public double rareAccuracyLoss() {
    return rareAccuracyRaw() - rareAccuracyDecoded();
  }

  /** {@link #agreement()} on rare frames. */
  public double rareAgreement() {
    return ratio(rareAgree, rareFrames);
  }

  /** Mean |steering(raw) − steering(decoded)| over frames (steering is in [−1, 1]). */
  public double steeringMeanAbsError() {
    return frames == 0 ? 0 : steeringAbsErrorSum / frames;
  }

  /** One line for logs and reports. */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "%d clips, %d frames (%d rare): features %.1fx smaller (%.2f B/frame),"
            + " clips %.2fx smaller (%.2f B/frame, format 2 vs raw format 1);"
            + " accuracy raw %.4f decoded %.4f (loss %+.4f), agreement %.4f;"
            + " rare: accuracy raw %.4f decoded %.4f (loss %+.4f), agreement %.4f;"
            + " steering MAE %.5f",
        clips,
        frames,
        rareFrames,
        featureRatio(),
        codecBytesPerFrame(),
        clipRatio(),
        codecClipBytesPerFrame(),
        accuracyRaw(),
        accuracyDecoded(),
        accuracyLoss(),
        agreement(),
        rareAccuracyRaw(),
        rareAccuracyDecoded(),
        rareAccuracyLoss(),
        rareAgreement(),
        steeringMeanAbsError());
  }

  private static double ratio(long a, long b) {
    return b == 0 ? Double.NaN : (double) a / b;
  }
}
