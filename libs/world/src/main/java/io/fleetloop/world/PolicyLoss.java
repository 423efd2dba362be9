package io.fleetloop.world;

import io.fleetloop.world.model.Loss;

/**
 * The policy's training loss. Outputs: logits of the four {@link Longitudinal} categories, then the
 * steering command. Target per sample ({@value #TARGET_WIDTH} floats): the oracle's category
 * ordinal, the oracle's steering, and a steering weight.
 *
 * <p>{@code loss = CE(softmax(logits), category) + weight · (steering − s_oracle)²}. The
 * simulator's labels use {@code weight = 1 + (v² · C_MAX / tol)²}, the squared danger scale of a
 * steering error at the sample's speed (see {@link InterventionRule}), so steering precision is
 * bought where it matters: at speed.
 */
public final class PolicyLoss implements Loss {
  /** Target floats per sample. */
  public static final int TARGET_WIDTH = 3;

  /** The policy loss. */
  public static final PolicyLoss INSTANCE = new PolicyLoss();

  private PolicyLoss() {}

  @Override
  public int outputs() {
    return PolicyModel.OUTPUTS;
  }

  @Override
  public int targetWidth() {
    return TARGET_WIDTH;
  }

  /** The steering weight of a label taken at {@code speed} under {@code rule}. */
  public static float steeringWeight(double speed, InterventionRule rule) {
    double scale = speed * speed * Kinematics.C_MAX / rule.lateralAccelToleranceMps2();
    return (float) (1.0 + scale * scale);
  }

  @Override
  public double evaluate(float[] out, float[] target, int off, float[] gradient) {
    int cat = (int) target[off];
    double max = Math.max(Math.max(out[0], out[1]), Math.max(out[2], out[3]));
    double e0 = StrictMath.exp(out[0] - max);
    double e1 = StrictMath.exp(out[1] - max);
    double e2 = StrictMath.exp(out[2] - max);
    double e3 = StrictMath.exp(out[3] - max);
    double sum = e0 + e1 + e2 + e3;
    double loss = -(out[cat] - max - StrictMath.log(sum));
    double d = (double) out[4] - target[off + 1];
    double w = target[off + 2];
    loss += w * d * d;
    if (gradient != null) {
      gradient[0] = (float) (e0 / sum - (cat == 0 ? 1.0 : 0.0));
      gradient[1] = (float) (e1 / sum - (cat == 1 ? 1.0 : 0.0));
      gradient[2] = (float) (e2 / sum - (cat == 2 ? 1.0 : 0.0));
      gradient[3] = (float) (e3 / sum - (cat == 3 ? 1.0 : 0.0));
      gradient[4] = (float) (2 * w * d);
    }
    return loss;
  }
}
