package io.fleetloop.trainer;

import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.model.Loss;

/**
 * The trainer's per-sample loss on the policy's five outputs (four category logits, steering):
 *
 * <pre>
 *   loss = w · [ (1 − α) · CE(softmax(logits), human category)
 *              + α · CE(softmax(logits), teacher probabilities)
 *              + v · (steering − human steering)² ]
 * </pre>
 *
 * with {@code w} the sample weight (the clip's weight in the dataset manifest), {@code v} the
 * steering weight of {@code PolicyLoss} and {@code α} the distillation weight. The teacher is the
 * FP32 model a QAT or Chip phase starts from: with {@code α > 0} the phase is pulled towards the
 * FP32 model's decisions as well as the labels, which is what "the chip decides like the FP32
 * model" asks for. With {@code α = 0} it is {@code PolicyLoss}, weighted.
 */
public final class PolicyObjective {
  /** Category logits of the policy output. */
  static final int CATEGORIES = 4;

  private PolicyObjective() {}

  /**
   * The loss of one sample and its gradient with respect to {@code out} (when {@code gradient} is
   * not null).
   *
   * @param out the network output, {@value PolicyModel#OUTPUTS} floats
   * @param target the targets; the sample's {@link TrainingSamples#TARGET_WIDTH} floats start at
   *     {@code targetOffset}
   * @param teacher teacher probabilities (4 per sample) or null; the sample's start at {@code
   *     teacherOffset}
   * @param alpha distillation weight in [0, 1] (ignored without a teacher)
   */
  public static double evaluate(
      float[] out,
      float[] target,
      int targetOffset,
      float[] teacher,
      int teacherOffset,
      double alpha,
      float[] gradient) {
    int cat = (int) target[targetOffset];
    double steering = target[targetOffset + 1];
    double steeringWeight = target[targetOffset + 2];
    double w = target[targetOffset + 3];
    double a = teacher == null ? 0 : alpha;
    double max = Math.max(Math.max(out[0], out[1]), Math.max(out[2], out[3]));
    double[] e = new double[CATEGORIES];
    double sum = 0;
    for (int k = 0; k < CATEGORIES; k++) {
      e[k] = StrictMath.exp(out[k] - max);
      sum += e[k];
    }
    double logSum = StrictMath.log(sum);
    double loss = -(1 - a) * (out[cat] - max - logSum);
    if (a > 0) {
      for (int k = 0; k < CATEGORIES; k++) {
        loss -= a * teacher[teacherOffset + k] * (out[k] - max - logSum);
      }
    }
    double d = (double) out[4] - steering;
    loss += steeringWeight * d * d;
    if (gradient != null) {
      for (int k = 0; k < CATEGORIES; k++) {
        double p = e[k] / sum;
        double y = (1 - a) * (k == cat ? 1.0 : 0.0) + (a > 0 ? a * teacher[teacherOffset + k] : 0);
        gradient[k] = (float) (w * (p - y));
      }
      gradient[4] = (float) (w * 2 * steeringWeight * d);
    }
    return w * loss;
  }

  /** The softmax of the four category logits of {@code out} into {@code probs[offset..]}. */
  public static void categoryProbabilities(float[] out, float[] probs, int offset) {
    double max = Math.max(Math.max(out[0], out[1]), Math.max(out[2], out[3]));
    double sum = 0;
    double[] e = new double[CATEGORIES];
    for (int k = 0; k < CATEGORIES; k++) {
      e[k] = StrictMath.exp(out[k] - max);
      sum += e[k];
    }
    for (int k = 0; k < CATEGORIES; k++) {
      probs[offset + k] = (float) (e[k] / sum);
    }
  }

  /** The objective without a teacher as a libs/world {@link Loss}, for the FP32 trainer. */
  public static final Loss WEIGHTED =
      new Loss() {
        @Override
        public int outputs() {
          return PolicyModel.OUTPUTS;
        }

        @Override
        public int targetWidth() {
          return TrainingSamples.TARGET_WIDTH;
        }

        @Override
        public double evaluate(float[] output, float[] target, int off, float[] gradient) {
          return PolicyObjective.evaluate(output, target, off, null, 0, 0, gradient);
        }
      };
}
