package io.fleetloop.validator;

import io.fleetloop.trainer.TrainingSamples;
import io.fleetloop.world.Conditions;
import io.fleetloop.world.Longitudinal;
import io.fleetloop.world.PolicyTraining;
import io.fleetloop.world.WorldConfig;
import io.fleetloop.world.model.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The validation suites, built from the reference world with fixed seeds that no training recipe
 * uses (the reference world runs on seed 1, the chip-gap measurement on 21 and 22), so the same
 * model always gets the same numbers and never sees a suite frame in training:
 *
 * <ul>
 *   <li>{@value #HELDOUT}: all conditions, world seed {@value #HELDOUT_SEED}, one frame in 10 per
 *       vehicle;
 *   <li>{@value #TAIL}: {@link Conditions#RARE} conditions only, world seed {@value #TAIL_SEED},
 *       hazard-heavy: every frame where the human brakes, and one in {@value #TAIL_OTHER_STRIDE} of
 *       the others (from one frame in 2 per vehicle).
 * </ul>
 */
public final class Suites {

  /** All conditions. */
  public static final String HELDOUT = "heldout";

  /** Rare conditions, hazard-heavy. */
  public static final String TAIL = "tail";

  /** The suites this validator knows. */
  public static final Set<String> KNOWN = Set.of(HELDOUT, TAIL);

  /** World seed of the heldout suite. */
  public static final long HELDOUT_SEED = 7_001L;

  /** World seed of the tail suite. */
  public static final long TAIL_SEED = 7_002L;

  /** In the tail suite, one non-braking frame in this many is kept. */
  public static final int TAIL_OTHER_STRIDE = 4;

  /**
   * How much world a suite is driven from.
   *
   * @param vehicles human-driven vehicles
   * @param ticks simulation ticks
   */
  public record Size(int vehicles, int ticks) {
    public Size {
      if (vehicles <= 0 || ticks <= 0) {
        throw new IllegalArgumentException(
            "suite size must be positive, got " + vehicles + " vehicles, " + ticks + " ticks");
      }
    }

    /** The size a TrainingRun's validation uses: 400 vehicles, 900 ticks. */
    public static Size defaults() {
      return new Size(400, 900);
    }
  }

  private Suites() {}

  /**
   * The suite {@code name} at {@code size}; deterministic.
   *
   * @throws IllegalArgumentException for a name this validator does not know
   */
  public static Suite build(String name, Size size) {
    return switch (name) {
      case HELDOUT ->
          new Suite(
              HELDOUT,
              HELDOUT_SEED,
              TrainingSamples.fromPolicyDataset(
                  PolicyTraining.humanDemonstrations(
                      world(HELDOUT_SEED, size), size.ticks(), 10, Conditions.ALL)));
      case TAIL ->
          new Suite(
              TAIL,
              TAIL_SEED,
              hazardHeavy(
                  TrainingSamples.fromPolicyDataset(
                      PolicyTraining.humanDemonstrations(
                          world(TAIL_SEED, size), size.ticks(), 2, Conditions.RARE))));
      default ->
          throw new IllegalArgumentException(
              "unknown validation suite '" + name + "'; known suites: " + HELDOUT + ", " + TAIL);
    };
  }

  /** The suites named, in order. */
  public static List<Suite> build(List<String> names, Size size) {
    List<Suite> out = new ArrayList<>(names.size());
    for (String n : names) {
      out.add(build(n, size));
    }
    return out;
  }

  /** True when the human's action of sample {@code i} is a braking one. */
  public static boolean hazard(Dataset data, int i) {
    int label = TrainingSamples.label(data, i);
    return label == Longitudinal.BRAKE_HARD.ordinal() || label == Longitudinal.BRAKE.ordinal();
  }

  private static WorldConfig world(long seed, Size size) {
    return WorldConfig.defaults().toBuilder().seed(seed).vehicles(size.vehicles()).build();
  }

  private static Dataset hazardHeavy(Dataset rare) {
    Dataset.Builder b = TrainingSamples.builder();
    float[] x = new float[rare.inputs()];
    float[] y = new float[rare.targetWidth()];
    int others = 0;
    for (int i = 0; i < rare.size(); i++) {
      boolean keep = hazard(rare, i) || others++ % TAIL_OTHER_STRIDE == 0;
      if (keep) {
        rare.input(i, x);
        rare.target(i, y);
        b.add(x, y, rare.tag(i));
      }
    }
    return b.build();
  }
}
