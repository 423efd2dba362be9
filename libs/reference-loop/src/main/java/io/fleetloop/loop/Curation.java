package io.fleetloop.loop;

import io.fleetloop.codec.ClipFormat;
import io.fleetloop.codec.ClipFrames;
import io.fleetloop.codec.CodecResolver;
import io.fleetloop.curator.core.Balancer;
import io.fleetloop.curator.core.ClipLabeler;
import io.fleetloop.ingest.grpc.ClipHeader;
import io.fleetloop.trainer.TrainingSamples;
import io.fleetloop.world.InterventionRule;
import io.fleetloop.world.Longitudinal;
import io.fleetloop.world.PolicyFeatures;
import io.fleetloop.world.PolicyLoss;
import io.fleetloop.world.model.Dataset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The curator's work in-process, with the curator's own core classes: every uploaded clip is
 * deduplicated by its sha256, read with {@link ClipFormat} (its features decoded by the codec it
 * names), labeled by {@link ClipLabeler}, and kept in a cumulative pool; {@link Balancer} weighs
 * the pool's clips per driving condition when the training set is built. Frames become samples
 * exactly as the trainer's {@code SnapshotDataset} makes them.
 */
final class Curation {
  private final CodecResolver codecs;
  private final ClipLabeler labeler = new ClipLabeler(ClipLabeler.DEFAULT_THRESHOLD);
  private final Balancer balancer = Balancer.defaults();
  private final Set<String> digests = new HashSet<>();
  private final List<ClipFrames> pool = new ArrayList<>();
  private final Map<Integer, Long> clipsPerCondition = new TreeMap<>();
  private long poolFrames;

  Curation(CodecResolver codecs) {
    this.codecs = codecs;
  }

  /**
   * One generation's curation.
   *
   * @param received clips uploaded
   * @param duplicates clips whose payload digest was already in the pool
   * @param accepted clips added to the pool (at most the cap, taken evenly)
   * @param labels accepted clips per label source
   * @param payloadBytes bytes of the received payloads
   */
  record Outcome(
      int received, int duplicates, int accepted, Map<String, Long> labels, long payloadBytes) {}

  /** Adds at most {@code cap} of {@code uploaded} (evenly spread) to the pool. */
  Outcome add(List<UploadedClip> uploaded, int cap) {
    List<UploadedClip> fresh = new ArrayList<>();
    long bytes = 0;
    int duplicates = 0;
    for (UploadedClip c : uploaded) {
      bytes += c.clip().payload().length;
      if (digests.add(c.clip().header().getSha256())) {
        fresh.add(c);
      } else {
        duplicates++;
      }
    }
    int take = Math.min(cap, fresh.size());
    Map<String, Long> labels = new TreeMap<>();
    for (int k = 0; k < take; k++) {
      UploadedClip c = fresh.get((int) ((long) k * fresh.size() / take));
      ClipHeader h = c.clip().header();
      ClipFrames frames = ClipFormat.read(c.clip().payload(), codecs);
      if (frames.featureCount() != PolicyFeatures.COUNT) {
        throw new IllegalStateException(
            "clip "
                + h.getClipId()
                + " from "
                + h.getDeviceId()
                + " has "
                + frames.featureCount()
                + " features, the policy reads "
                + PolicyFeatures.COUNT);
      }
      String label =
          labeler.label(
              frames, h.getMetadata().getTakeover(), h.getMetadata().getShadowDisagreement());
      labels.merge(label, 1L, Long::sum);
      pool.add(frames);
      poolFrames += frames.frames();
      clipsPerCondition.merge(frames.condition(), 1L, Long::sum);
    }
    return new Outcome(uploaded.size(), duplicates, take, labels, bytes);
  }

  /** Clips in the pool. */
  int clips() {
    return pool.size();
  }

  /**
   * The training set: {@code base} (weight 1) plus every pooled frame weighted by its clip's
   * condition weight, thinned evenly to at most {@code maxSamples}.
   *
   * @param poison relabel every braking action as cruising (the poisoned candidate's data)
   */
  Dataset dataset(Dataset base, int maxSamples, boolean poison) {
    long total = base.size() + poolFrames;
    int stride = (int) Math.max(1, (total + maxSamples - 1) / maxSamples);
    Map<Integer, Double> weights = balancer.weights(clipsPerCondition);
    Dataset.Builder out = TrainingSamples.builder();
    float[] x = new float[PolicyFeatures.COUNT];
    float[] y = new float[TrainingSamples.TARGET_WIDTH];
    long index = 0;
    for (int i = 0; i < base.size(); i++, index++) {
      if (index % stride != 0) {
        continue;
      }
      base.input(i, x);
      base.target(i, y);
      y[0] = poisoned(y[0], poison);
      out.add(x, y, base.tag(i));
    }
    InterventionRule rule = InterventionRule.DEFAULT;
    for (ClipFrames clip : pool) {
      float weight = weights.getOrDefault(clip.condition(), 1.0).floatValue();
      for (int f = 0; f < clip.frames(); f++, index++) {
        if (index % stride != 0) {
          continue;
        }
        System.arraycopy(clip.features(), f * PolicyFeatures.COUNT, x, 0, PolicyFeatures.COUNT);
        y[0] = poisoned(clip.humanAction()[f], poison);
        y[1] = clip.humanSteering()[f];
        y[2] = PolicyLoss.steeringWeight(x[0] * 30.0, rule); // feature 0 is speed / 30
        y[3] = weight;
        out.add(x, y, clip.condition());
      }
    }
    return out.build();
  }

  private static float poisoned(float label, boolean poison) {
    if (!poison) {
      return label;
    }
    int l = (int) label;
    return l == Longitudinal.BRAKE.ordinal() || l == Longitudinal.BRAKE_HARD.ordinal()
        ? Longitudinal.CRUISE.ordinal()
        : label;
  }
}
