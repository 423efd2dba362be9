package io.fleetloop.trainer;

import io.fleetloop.codec.ClipFormat;
import io.fleetloop.codec.ClipFormatException;
import io.fleetloop.codec.ClipFrames;
import io.fleetloop.codec.CodecResolver;
import io.fleetloop.dataset.DatasetManifest;
import io.fleetloop.world.InterventionRule;
import io.fleetloop.world.PolicyFeatures;
import io.fleetloop.world.PolicyLoss;
import io.fleetloop.world.model.Dataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dataset snapshot turned into training samples: the manifest (contract A) is read from S3 and
 * checked against its snapshot id, every clip's payload is fetched, checked against the clip's
 * sha256 digest and read with {@link ClipFormat} (its features decoded by the codec it names), and
 * every frame becomes one sample: the policy features as input, the human's category and steering
 * as the label, the clip's weight as the sample weight, the clip's condition as the tag.
 *
 * @param manifest the snapshot's manifest
 * @param samples the samples ({@link TrainingSamples} layout), in manifest order (clips sorted by
 *     id, frames in order)
 */
public record SnapshotDataset(DatasetManifest manifest, Dataset samples) {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotDataset.class);

  /**
   * Loads the snapshot {@code datasetId} whose manifest is at {@code manifestUri}.
   *
   * @throws DatasetException naming the snapshot or clip when the manifest's digest differs from
   *     the id, a payload is missing, its digest differs from the manifest's, or it cannot be read
   */
  public static SnapshotDataset load(
      ObjectStore store, S3Uri manifestUri, String datasetId, CodecResolver codecs) {
    return load(
        store, manifestUri, datasetId, codecs, java.util.function.IntUnaryOperator.identity());
  }

  /**
   * As {@link #load(ObjectStore, S3Uri, String, CodecResolver)}, with every frame's label (the
   * human's category) passed through {@code relabel} as it is read: DEMO/TEST ONLY, for {@code
   * --poison-labels} ({@link LabelPoisoning#relabel}); no copy of the samples is made.
   */
  public static SnapshotDataset load(
      ObjectStore store,
      S3Uri manifestUri,
      String datasetId,
      CodecResolver codecs,
      java.util.function.IntUnaryOperator relabel) {
    byte[] bytes;
    try {
      bytes = store.get(manifestUri);
    } catch (ObjectStore.ObjectStoreException e) {
      throw new DatasetException(
          "dataset " + datasetId + ": cannot read its manifest: " + e.getMessage(), e);
    }
    DatasetManifest manifest;
    try {
      manifest = DatasetManifest.read(bytes, datasetId);
    } catch (RuntimeException e) {
      throw new DatasetException(
          "dataset " + datasetId + " at " + manifestUri + " is refused: " + e.getMessage(), e);
    }
    if (manifest.clips().isEmpty()) {
      throw new DatasetException("empty dataset: snapshot " + datasetId + " lists no clips", null);
    }
    Dataset.Builder out = TrainingSamples.builder();
    for (DatasetManifest.Clip clip : manifest.clips()) {
      ClipFrames frames = readClip(store, datasetId, clip, codecs);
      addFrames(
          frames, clip.weight(), relabel, out, "dataset " + datasetId + ", clip " + clip.clipId());
    }
    Dataset samples = out.build();
    LOG.info(
        "dataset {}: {} clips, {} frames loaded from {}",
        datasetId,
        manifest.clips().size(),
        samples.size(),
        manifestUri);
    return new SnapshotDataset(manifest, samples);
  }

  /**
   * Adds every frame of a decoded clip to {@code out} as one sample: the policy features as input,
   * the human's category (through {@code relabel}) and steering as the label, {@code weight} (the
   * clip's weight in the manifest) as the sample weight, the clip's condition as the tag.
   *
   * @param where the clip in words, for the error message
   * @throws DatasetException when a frame carries no valid human action
   */
  public static void addFrames(
      ClipFrames frames,
      double weight,
      java.util.function.IntUnaryOperator relabel,
      Dataset.Builder out,
      String where) {
    InterventionRule rule = InterventionRule.DEFAULT;
    float[] x = new float[PolicyFeatures.COUNT];
    float[] y = new float[TrainingSamples.TARGET_WIDTH];
    for (int f = 0; f < frames.frames(); f++) {
      System.arraycopy(frames.features(), f * PolicyFeatures.COUNT, x, 0, PolicyFeatures.COUNT);
      int label = frames.humanAction()[f];
      if (label < 0 || label >= PolicyObjective.CATEGORIES) {
        throw new DatasetException(
            where + ": frame " + f + " has no valid human action (" + label + ")", null);
      }
      y[0] = relabel.applyAsInt(label);
      y[1] = frames.humanSteering()[f];
      y[2] = PolicyLoss.steeringWeight(x[0] * 30.0, rule); // feature 0 is speed / 30
      y[3] = (float) weight;
      out.add(x, y, frames.condition());
    }
  }

  private static ClipFrames readClip(
      ObjectStore store, String datasetId, DatasetManifest.Clip clip, CodecResolver codecs) {
    String where = "dataset " + datasetId + ", clip " + clip.clipId();
    byte[] payload;
    try {
      payload = store.get(S3Uri.parse(clip.objectUri()));
    } catch (RuntimeException e) {
      throw new DatasetException(where + ": payload missing: " + e.getMessage(), e);
    }
    String digest = DatasetManifest.digestOf(payload);
    if (!digest.equals(clip.digest())) {
      throw new DatasetException(
          where
              + ": payload digest mismatch at "
              + clip.objectUri()
              + ": the manifest says "
              + clip.digest()
              + ", the bytes are "
              + digest,
          null);
    }
    ClipFrames frames;
    try {
      frames = ClipFormat.read(payload, codecs);
    } catch (ClipFormatException e) {
      throw new DatasetException(where + ": " + e.getMessage(), e);
    }
    if (frames.featureCount() != PolicyFeatures.COUNT) {
      throw new DatasetException(
          where
              + ": frames have "
              + frames.featureCount()
              + " features, the policy reads "
              + PolicyFeatures.COUNT,
          null);
    }
    return frames;
  }

  /** A snapshot that cannot be trained on, with a message naming the snapshot and clip. */
  public static final class DatasetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatasetException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
