package io.fleetloop.trainer;

import io.fleetloop.world.Longitudinal;
import io.fleetloop.world.model.Dataset;

/**
 * DEMO/TEST ONLY: a deliberate label-poisoning attack on a training set, so that the platform's
 * guards (validation gates, the fleet rollout's shadow phase and stages) can be shown catching a
 * bad model. Two attacks:
 *
 * <ul>
 *   <li>{@code --poison-labels brake-as-cruise} relabels every braking sample ({@code brake},
 *       {@code brake_hard}) as {@code cruise}, as libs/reference-loop's {@code Curation} does for
 *       its poisoned candidate: a model trained on it learns not to brake for hazards. How much
 *       worse it drives depends on the stable it is compared with: against a generation-0 policy
 *       that never brakes for hazards either, the difference is small.
 *   <li>{@code --poison-labels phantom-braking} relabels every cruising sample as {@code
 *       brake_hard}: the model brakes hard where the human holds speed (the intervention rule's
 *       danger 0.7, a rear-end risk), far worse than any stable — what an end-to-end test uses to
 *       show a rollback whatever generation the fleet is on.
 * </ul>
 */
public final class LabelPoisoning {

  private LabelPoisoning() {}

  /**
   * The poisoned label of one sample: braking ({@code brake}, {@code brake_hard}) becomes cruising.
   */
  public static int brakeAsCruise(int label) {
    return label == Longitudinal.BRAKE.ordinal() || label == Longitudinal.BRAKE_HARD.ordinal()
        ? Longitudinal.CRUISE.ordinal()
        : label;
  }

  /** The poisoned label of one sample: cruising becomes hard braking. */
  public static int phantomBraking(int label) {
    return label == Longitudinal.CRUISE.ordinal() ? Longitudinal.BRAKE_HARD.ordinal() : label;
  }

  /** What {@code mode} does to the labels, in words (for logs). */
  public static String describe(String mode) {
    return TrainerArgs.POISON_PHANTOM_BRAKING.equals(mode)
        ? "cruising labels relabelled as hard braking"
        : "braking labels relabelled as cruising";
  }

  /**
   * The relabelling of {@code --poison-labels mode} ({@value TrainerArgs#POISON_BRAKE_AS_CRUISE} or
   * {@value TrainerArgs#POISON_PHANTOM_BRAKING}) for {@link SnapshotDataset#load}, counting into
   * {@code relabelled} the labels it changed.
   */
  public static java.util.function.IntUnaryOperator relabel(
      String mode, java.util.concurrent.atomic.AtomicLong relabelled) {
    java.util.function.IntUnaryOperator attack =
        TrainerArgs.POISON_PHANTOM_BRAKING.equals(mode)
            ? LabelPoisoning::phantomBraking
            : LabelPoisoning::brakeAsCruise;
    return label -> {
      int poisoned = attack.applyAsInt(label);
      if (poisoned != label) {
        relabelled.incrementAndGet();
      }
      return poisoned;
    };
  }

  /**
   * A copy of {@code data} (trainer layout, {@link TrainingSamples}) with every braking label
   * replaced by cruising; inputs, steering targets, weights and tags are unchanged.
   */
  public static Dataset brakeAsCruise(Dataset data) {
    Dataset.Builder out = TrainingSamples.builder();
    float[] x = new float[data.inputs()];
    float[] y = new float[data.targetWidth()];
    for (int i = 0; i < data.size(); i++) {
      data.input(i, x);
      data.target(i, y);
      y[0] = brakeAsCruise((int) y[0]);
      out.add(x, y, data.tag(i));
    }
    return out.build();
  }

  /** Samples of {@code data} whose label is braking ({@code brake} or {@code brake_hard}). */
  public static int braking(Dataset data) {
    int n = 0;
    for (int i = 0; i < data.size(); i++) {
      int label = TrainingSamples.label(data, i);
      if (label == Longitudinal.BRAKE.ordinal() || label == Longitudinal.BRAKE_HARD.ordinal()) {
        n++;
      }
    }
    return n;
  }
}
