package io.fleetloop.validator;

import io.fleetloop.dataset.DatasetManifest;
import io.fleetloop.trainer.ObjectStore;
import io.fleetloop.trainer.S3Uri;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.model.ModelArtifact;

/** Loads the model to validate and refuses it unless its bytes have the registered digest. */
public final class ModelSource {

  private ModelSource() {}

  /**
   * The policy model at {@code uri}, whose bytes must have {@code expectedDigest} ({@code
   * sha256:<hex>}, the TrainingRun's {@code status.modelVersion.digest}).
   *
   * @throws DigestMismatchException when the bytes have another digest
   * @throws IllegalStateException when the bytes are not a policy model artifact
   */
  public static PolicyModel load(ObjectStore store, S3Uri uri, String expectedDigest) {
    return verify(store.get(uri), uri.toString(), expectedDigest);
  }

  /** The policy model in {@code bytes} (read from {@code where}) after the digest check. */
  public static PolicyModel verify(byte[] bytes, String where, String expectedDigest) {
    String actual = DatasetManifest.digestOf(bytes);
    if (!actual.equals(expectedDigest)) {
      throw new DigestMismatchException(
          ("the model %s has digest %s but %s was registered: the artifact is corrupted or was"
                  + " replaced, it is not validated")
              .formatted(where, actual, expectedDigest));
    }
    try {
      return PolicyModel.fromArtifact(ModelArtifact.fromBytes(bytes));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "the model " + where + " is not a policy model artifact: " + e.getMessage(), e);
    }
  }

  /** The model's bytes do not have the registered digest. */
  public static final class DigestMismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DigestMismatchException(String message) {
      super(message);
    }
  }
}
