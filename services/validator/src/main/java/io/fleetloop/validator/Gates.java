package io.fleetloop.validator;

/**
 * The thresholds a candidate model must meet ({@code TrainingRun spec.validation.gates}); a null
 * threshold is not checked.
 *
 * @param minAccuracy lowest accepted accuracy (deployed decision vs the human's) on every suite
 * @param maxChipDisagreement highest accepted share of decisions where the chip differs from the
 *     model's own FP32 forward, on the tail suite (only for models that carry a chip deployment)
 */
public record Gates(Double minAccuracy, Double maxChipDisagreement) {
  public Gates {
    check("minAccuracy", minAccuracy);
    check("maxChipDisagreement", maxChipDisagreement);
  }

  /** No thresholds: the model is measured and passes. */
  public static Gates none() {
    return new Gates(null, null);
  }

  private static void check(String name, Double v) {
    if (v != null && !(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(name + " must be between 0 and 1, got " + v);
    }
  }
}
