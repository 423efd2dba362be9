package io.fleetloop.trainer;

import io.fleetloop.world.PolicyFeatures;
import io.fleetloop.world.PolicyLoss;
import io.fleetloop.world.model.Dataset;

/**
 * Training samples for the policy in the trainer's layout: a libs/world {@link Dataset} whose
 * inputs are the {@link PolicyFeatures} and whose targets are {@value #TARGET_WIDTH} floats per
 * sample: the human's category, the human's steering, the steering weight ({@link PolicyLoss}
 * layout), and the sample weight (a dataset manifest's clip weight; 1 when unweighted). Tags are
 * the driving-condition indices.
 */
public final class TrainingSamples {
  /** Target floats per sample. */
  public static final int TARGET_WIDTH = PolicyLoss.TARGET_WIDTH + 1;

  private TrainingSamples() {}

  /** An empty builder for samples in this layout. */
  public static Dataset.Builder builder() {
    return Dataset.builder(PolicyFeatures.COUNT, TARGET_WIDTH);
  }

  /**
   * The samples of a libs/world policy dataset ({@link PolicyLoss} targets, e.g. from {@code
   * SampleCollector}), each with weight 1.
   */
  public static Dataset fromPolicyDataset(Dataset policy) {
    if (policy.targetWidth() == TARGET_WIDTH) {
      return policy;
    }
    if (policy.targetWidth() != PolicyLoss.TARGET_WIDTH
        || policy.inputs() != PolicyFeatures.COUNT) {
      throw new IllegalArgumentException(
          "expected a policy dataset ("
              + PolicyFeatures.COUNT
              + " inputs, "
              + PolicyLoss.TARGET_WIDTH
              + " targets), got "
              + policy.inputs()
              + " and "
              + policy.targetWidth());
    }
    Dataset.Builder b = builder();
    float[] x = new float[PolicyFeatures.COUNT];
    float[] y = new float[TARGET_WIDTH];
    for (int i = 0; i < policy.size(); i++) {
      policy.input(i, x);
      y[0] = policy.target(i, 0);
      y[1] = policy.target(i, 1);
      y[2] = policy.target(i, 2);
      y[3] = 1f;
      b.add(x, y, policy.tag(i));
    }
    return b.build();
  }

  /** The human's category (the label) of sample {@code i}. */
  public static int label(Dataset data, int i) {
    return (int) data.target(i, 0);
  }

  /** The sample weight of sample {@code i}. */
  public static float weight(Dataset data, int i) {
    return data.target(i, 3);
  }

  /** The inputs of every sample as rows (copies), e.g. for calibration. */
  public static float[][] inputs(Dataset data, int limit) {
    int n = Math.min(limit, data.size());
    float[][] rows = new float[n][data.inputs()];
    // spread the rows over the whole dataset, not just its beginning
    for (int r = 0; r < n; r++) {
      data.input((int) ((long) r * data.size() / n), rows[r]);
    }
    return rows;
  }
}
