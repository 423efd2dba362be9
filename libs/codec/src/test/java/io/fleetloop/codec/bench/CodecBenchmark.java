package io.fleetloop.codec.bench;

import io.fleetloop.codec.ClipFormat;
import io.fleetloop.codec.ClipFrames;
import io.fleetloop.codec.FeatureCodec;
import io.fleetloop.codec.RawFeatureCodec;
import io.fleetloop.codec.learned.CodecEvaluation;
import io.fleetloop.codec.learned.CodecTrainer;
import io.fleetloop.codec.learned.FleetClips;
import io.fleetloop.codec.learned.LearnedFeatureCodec;
import io.fleetloop.world.Conditions;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.PolicyTraining;
import io.fleetloop.world.WorldConfig;
import io.fleetloop.world.model.Trainer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The learned codec measured end to end: trains a generation-0 policy (common conditions only) and
 * a policy trained on all conditions, trains a codec for each on one fleet's clips, and measures
 * compression and the policy's accuracy on another fleet's clips (raw vs decoded, overall and
 * rare); the whole-clip size in clip formats 1 and 2; then encode/decode throughput of the learned
 * codec against the raw codec in the same run.
 *
 * <pre>
 * ./mvnw -q -pl libs/codec -am install -DskipTests
 * ./mvnw -q -pl libs/codec test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.fleetloop.codec.bench.CodecBenchmark
 * </pre>
 */
public final class CodecBenchmark {
  private static final int VEHICLES = 1_000;

  private CodecBenchmark() {}

  public static void main(String[] args) {
    long t0 = System.nanoTime();
    PolicyModel gen0 = PolicyTraining.generation0(1, VEHICLES, 600, 6);
    WorldConfig demo = WorldConfig.defaults().toBuilder().seed(1).vehicles(VEHICLES).build();
    PolicyModel all =
        PolicyTraining.train(
            PolicyModel.untrained(PolicyTraining.POLICY_NAME, "all-conditions", 1),
            "all-conditions",
            PolicyTraining.humanDemonstrations(demo, 600, 10, Conditions.ALL),
            Trainer.Options.defaults(1).withEpochs(6),
            Map.of("trainedOn", "all conditions"));
    List<ClipFrames> train = clips(3);
    List<ClipFrames> eval = clips(4);
    System.out.printf(
        Locale.ROOT,
        "setup: 2 policies, %d training clips, %d evaluation clips of 80 frames (%.1f s)%n",
        train.size(),
        eval.size(),
        (System.nanoTime() - t0) / 1e9);

    LearnedFeatureCodec last = null;
    for (PolicyModel policy : List.of(gen0, all)) {
      long t = System.nanoTime();
      LearnedFeatureCodec codec =
          new CodecTrainer(CodecTrainer.Options.defaults(7)).train(policy, train);
      double trainSeconds = (System.nanoTime() - t) / 1e9;
      CodecEvaluation e = CodecEvaluation.measure(codec, policy, eval);
      System.out.printf(
          Locale.ROOT,
          "%-15s codec %s trained in %.2f s (step %s): %s%n",
          policy.version(),
          codec.version(),
          trainSeconds,
          codec.metadata().get("trained.step"),
          e.summary());
      last = codec;
    }

    formats(last, eval);
    throughput(RawFeatureCodec.INSTANCE, last, eval);
  }

  /**
   * Whole-clip bytes per frame for both clip formats and both codecs, and what the labels and
   * header cost on top of the feature block; clip format 2 against format 1 in the same run.
   */
  private static void formats(FeatureCodec learned, List<ClipFrames> clips) {
    long frames = 0;
    long features = 0;
    long[] bytes = new long[4];
    for (ClipFrames c : clips) {
      frames += c.frames();
      features += learned.encode(c.features(), c.frames(), c.featureCount()).length;
      bytes[0] += ClipFormat.writeV1(c, RawFeatureCodec.INSTANCE).length;
      bytes[1] += ClipFormat.write(c, RawFeatureCodec.INSTANCE).length;
      bytes[2] += ClipFormat.writeV1(c, learned).length;
      bytes[3] += ClipFormat.write(c, learned).length;
    }
    double f = frames;
    System.out.printf(
        Locale.ROOT,
        "clip bytes per frame: raw format 1 %.2f, raw format 2 %.2f, learned format 1 %.2f,"
            + " learned format 2 %.2f; header + labels format 1 %.2f, format 2 %.2f;"
            + " learned format 2 vs raw format 1 %.2fx smaller (learned format 1: %.2fx)%n",
        bytes[0] / f,
        bytes[1] / f,
        bytes[2] / f,
        bytes[3] / f,
        (bytes[2] - features) / f,
        (bytes[3] - features) / f,
        (double) bytes[0] / bytes[3],
        (double) bytes[0] / bytes[2]);
  }

  private static List<ClipFrames> clips(long seed) {
    WorldConfig world = WorldConfig.defaults().toBuilder().seed(seed).vehicles(VEHICLES).build();
    return FleetClips.humanDriven(world, 800, 80, 4);
  }

  private static void throughput(FeatureCodec raw, FeatureCodec learned, List<ClipFrames> clips) {
    long rawBytes = 0;
    for (ClipFrames c : clips) {
      rawBytes += (long) c.frames() * c.featureCount() * Float.BYTES;
    }
    double[] rawRates = rates(raw, clips, rawBytes);
    double[] learnedRates = rates(learned, clips, rawBytes);
    System.out.printf(
        Locale.ROOT,
        "throughput (MB of raw features per second, best of 5): raw encode %.0f decode %.0f;"
            + " learned encode %.1f decode %.1f; learned/raw encode %.3f decode %.3f%n",
        rawRates[0],
        rawRates[1],
        learnedRates[0],
        learnedRates[1],
        learnedRates[0] / rawRates[0],
        learnedRates[1] / rawRates[1]);
  }

  /** Best-of-5 encode and decode rates over all clips, after a warm-up pass. */
  private static double[] rates(FeatureCodec codec, List<ClipFrames> clips, long rawBytes) {
    byte[][] blocks = new byte[clips.size()][];
    double bestEnc = 0;
    double bestDec = 0;
    long sink = 0;
    for (int rep = 0; rep < 7; rep++) {
      long t = System.nanoTime();
      for (int i = 0; i < clips.size(); i++) {
        ClipFrames c = clips.get(i);
        blocks[i] = codec.encode(c.features(), c.frames(), c.featureCount());
      }
      long enc = System.nanoTime() - t;
      t = System.nanoTime();
      for (int i = 0; i < clips.size(); i++) {
        ClipFrames c = clips.get(i);
        sink += codec.decode(blocks[i], c.frames(), c.featureCount()).length;
      }
      long dec = System.nanoTime() - t;
      if (rep >= 2) {
        bestEnc = Math.max(bestEnc, rawBytes / (enc / 1e9) / 1e6);
        bestDec = Math.max(bestDec, rawBytes / (dec / 1e9) / 1e6);
      }
    }
    if (sink == 42) {
      System.out.println();
    }
    return new double[] {bestEnc, bestDec};
  }
}
