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
 *
 * <p>QAT and Chip phases add a <b>margin hinge</b> on the decision and a tail multiplier {@code t}
 * ({@link #evaluate(float[], float[], int, float[], int, double, int, double, double, float[])}):
 *
 * <pre>
 *   loss' = t · ( loss + w · Σ_{k ≠ r} max(0, m − (z_r − z_k)) )
 * </pre>
 *
 * with {@code r} the FP32 reference's decision, {@code z} the category logits of the phase's
 * forward (on the chip: dequantized from the int8 output codes, so the margin is measured in the
 * chip's own output grid) and {@code m} the margin (a multiple of the output scale). The
 * cross-entropy to the teacher pulls the whole distribution; the hinge acts only on samples whose
 * quantized decision is lost or within {@code m} of being lost, i.e. the frames near a decision
 * boundary, and stops once they are safely on the reference's side.
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

  /**
   * The loss of one sample with the margin hinge towards {@code reference} and the multiplier
   * {@code factor} (see the class comment), and its gradient when {@code gradient} is not null.
   *
   * @param reference the FP32 reference's decision (0..3), or -1 for no hinge
   * @param margin the required logit margin of the reference class (real units); 0 for no hinge
   * @param factor multiplier of the whole loss (the tail weight)
   */
  public static double evaluate(
      float[] out,
      float[] target,
      int targetOffset,
      float[] teacher,
      int teacherOffset,
      double alpha,
      int reference,
      double margin,
      double factor,
      float[] gradient) {
    double loss = evaluate(out, target, targetOffset, teacher, teacherOffset, alpha, gradient);
    double w = target[targetOffset + 3];
    if (reference >= 0 && margin > 0) {
      for (int k = 0; k < CATEGORIES; k++) {
        if (k == reference) {
          continue;
        }
        double violation = margin - ((double) out[reference] - out[k]);
        if (violation > 0) {
          loss += w * violation;
          if (gradient != null) {
            gradient[reference] -= (float) w;
            gradient[k] += (float) w;
          }
        }
      }
    }
    if (gradient != null && factor != 1) {
      for (int k = 0; k < gradient.length; k++) {
        gradient[k] *= (float) factor;
      }
    }
    return factor * loss;
  }

  /**
   * The FP32 anchor of one sample (QAT and Chip phases, {@link PhaseOptions#fp32Anchor()}): the
   * cross-entropy of the FP32 forward's categories to the FP32 start model's probabilities plus the
   * squared steering difference to the start model's steering, times {@code weight}; its gradient
   * with respect to the FP32 output is written to {@code gradient} (overwritten).
   *
   * <pre>
   *   anchor = weight · [ CE(softmax(logits), teacher) + v · (steering − teacher steering)² ]
   * </pre>
   *
   * @param out the FP32 forward's output, {@value PolicyModel#OUTPUTS} floats
   * @param steeringWeight {@code v}, the sample's steering weight
   * @param weight sample weight × tail factor × anchor weight
   */
  public static double anchor(
      float[] out,
      float[] teacher,
      int teacherOffset,
      float teacherSteering,
      double steeringWeight,
      double weight,
      float[] gradient) {
    double max = Math.max(Math.max(out[0], out[1]), Math.max(out[2], out[3]));
    double[] e = new double[CATEGORIES];
    double sum = 0;
    for (int k = 0; k < CATEGORIES; k++) {
      e[k] = StrictMath.exp(out[k] - max);
      sum += e[k];
    }
    double logSum = StrictMath.log(sum);
    double loss = 0;
    for (int k = 0; k < CATEGORIES; k++) {
      double t = teacher[teacherOffset + k];
      loss -= t * (out[k] - max - logSum);
      gradient[k] = (float) (weight * (e[k] / sum - t));
    }
    double d = (double) out[CATEGORIES] - teacherSteering;
    loss += steeringWeight * d * d;
    gradient[CATEGORIES] = (float) (weight * 2 * steeringWeight * d);
    return weight * loss;
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
